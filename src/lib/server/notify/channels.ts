/**
 * 接收方式: a person's channels per kind of event (the inbox is always on), their email address and WeChat openid,
 * the daily digest and night reminders. Only one's own; the page and PUT /api/v1/me/channels call the same code.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import * as table from '../db/schema';
import { CHANNELS, INBOX_KINDS, type Channel } from '../db/schema';
import { requireUser, type Actor } from '../access';
import { ServiceError } from '../errors';
import { parseInput } from '../http/validate';

const channelList = v.optional(v.array(v.picklist(CHANNELS, m.channels_err_choice)), []);

const optionalText = (pattern: RegExp, message: () => string) =>
	v.optional(
		v.nullable(
			v.pipe(
				v.string(),
				v.trim(),
				v.transform((s) => (s === '' ? null : s)),
				v.nullable(v.pipe(v.string(), v.maxLength(200, message), v.regex(pattern, message)))
			)
		),
		null
	);

export const ChannelsInput = v.object({
	/** per kind of event, the channels beyond the inbox */
	choices: v.optional(v.object(Object.fromEntries(INBOX_KINDS.map((k) => [k, channelList])) as Record<(typeof INBOX_KINDS)[number], typeof channelList>), {}),
	email: optionalText(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, m.channels_err_email),
	wechatOpenid: optionalText(/^[A-Za-z0-9_-]{6,64}$/, m.channels_err_openid),
	/** required, so that a body that is not this form (or is empty) is refused rather than read as "inbox only" */
	digest: v.boolean(m.channels_err_flag),
	nightReminders: v.boolean(m.channels_err_flag)
});

export type ChannelsView = {
	choices: Record<string, Channel[]>;
	email: string | null;
	wechatOpenid: string | null;
	digest: boolean;
	nightReminders: boolean;
	/** the channels this site can send (the operator configured them) */
	offered: Record<Channel, boolean>;
};

export const offered = (): Record<Channel, boolean> => ({ sms: true, email: !!process.env.SMTP_URL, wechat: !!process.env.WECHAT_APPID });

export async function get(actor: Actor): Promise<ChannelsView> {
	const user = requireUser(actor);
	const choices = Object.fromEntries(INBOX_KINDS.map((k) => [k, [] as Channel[]]));
	for (const c of await db.select().from(table.channelChoice).where(eq(table.channelChoice.userId, user.id))) {
		if (c.kind in choices) choices[c.kind].push(c.channel);
	}
	for (const list of Object.values(choices)) list.sort((a, b) => CHANNELS.indexOf(a) - CHANNELS.indexOf(b));
	const [s] = await db.select().from(table.channelSetting).where(eq(table.channelSetting.userId, user.id));
	return {
		choices,
		email: s?.email ?? null,
		wechatOpenid: s?.wechatOpenid ?? null,
		digest: s?.digest ?? false,
		nightReminders: s?.nightReminders ?? false,
		offered: offered()
	};
}

/** replaces one's channels with these; email and WeChat need an address when chosen */
export async function set(actor: Actor, input: unknown): Promise<ChannelsView> {
	const user = requireUser(actor);
	const data = parseInput(ChannelsInput, input);
	const chosen = Object.entries(data.choices).flatMap(([kind, list]) => [...new Set(list ?? [])].map((channel) => ({ userId: user.id, kind, channel })));
	const fields: Record<string, string> = {};
	if (chosen.some((c) => c.channel === 'email') && !data.email) fields.email = m.channels_err_email_needed();
	if (chosen.some((c) => c.channel === 'wechat') && !data.wechatOpenid) fields.wechatOpenid = m.channels_err_openid_needed();
	if (Object.keys(fields).length > 0) throw new ServiceError(400, 'invalid_input', Object.values(fields)[0], fields);
	await db.transaction(async (tx) => {
		await tx.delete(table.channelChoice).where(eq(table.channelChoice.userId, user.id));
		if (chosen.length > 0) await tx.insert(table.channelChoice).values(chosen);
		const setting = { email: data.email, wechatOpenid: data.wechatOpenid, digest: data.digest, nightReminders: data.nightReminders };
		await tx
			.insert(table.channelSetting)
			.values({ userId: user.id, ...setting })
			.onConflictDoUpdate({ target: table.channelSetting.userId, set: setting });
	});
	return get(actor);
}

/**
 * The settings form: a checkbox `kind.channel` per choice, the rest by name. The form carries the kinds it showed
 * (`kinds`); a body without them is not this form and is refused, not read as "inbox only".
 */
export function fromForm(values: Record<string, string>) {
	const shown = typeof values.kinds === 'string' ? values.kinds.split(',') : [];
	if (shown.length === 0 || !shown.every((k) => (INBOX_KINDS as readonly string[]).includes(k))) {
		throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { _: m.channels_err_form() });
	}
	const choices: Record<string, string[]> = {};
	for (const key of Object.keys(values)) {
		const [kind, channel] = key.split('.');
		if (channel && (INBOX_KINDS as readonly string[]).includes(kind)) (choices[kind] ??= []).push(channel);
	}
	const on = (name: string) => values[name] === 'on';
	return { choices, email: values.email ?? '', wechatOpenid: values.wechatOpenid ?? '', digest: on('digest'), nightReminders: on('nightReminders') };
}
