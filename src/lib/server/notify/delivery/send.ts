/**
 * Sending one delivery: its words (render.ts, the same as the inbox item's), the person's address for the channel,
 * the community's SMS budget, then the provider. Each step that decides not to send marks the row skipped with a
 * reason the committee reads; a provider's failure is thrown back to the job queue, which tries again later.
 */
import { budgetMonth } from '$lib/domain/delivery-rules';
import { shanghaiTime } from '$lib/time';
import { hot } from '../../db';
import type { Channel, InboxParams } from '../../db/schema';
import { ProviderError } from '../providers/aliyun';
import { render } from '../render';
import { smsText } from '../sms';
import type { Senders } from './senders';

export interface DeliveryRow {
	id: number;
	eventKey: string;
	userId: number;
	channel: Channel;
	communityId: number;
	kind: string;
	params: InboxParams;
	link: string;
	status: string;
	createdAt: Date | string;
	phone: string;
	email: string | null;
	wechatOpenid: string | null;
}

/** why a delivery was not sent; the committee's page names each */
export const SKIP_REASONS = ['budget_spent', 'no_email', 'no_wechat', 'email_off', 'wechat_off', 'sms_off'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type Outcome = { sent: true } | { skipped: SkipReason };

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const deliveryKey = (d: { eventKey: string; userId: number; channel: string }) => `${d.eventKey}:${d.userId}:${d.channel}`;
const origin = () => (process.env.ORIGIN ?? '').replace(/\/$/, '');

/** reserves one SMS of the community's month; false when the budget is spent */
async function reserveSms(communityId: number, month: string): Promise<boolean> {
	const rows = await hot<{ sent: number }>(
		`insert into sms_usage (community_id, month, sent)
		select $1::int, $2::text, 1
		where coalesce((select monthly_limit from sms_budget where community_id = $1::int), 2147483647) > 0
		on conflict (community_id, month) do update set sent = sms_usage.sent + 1
		where sms_usage.sent < coalesce((select b.monthly_limit from sms_budget b where b.community_id = excluded.community_id), 2147483647)
		returning sent`,
		[communityId, month]
	);
	return rows.length > 0;
}

async function releaseSms(communityId: number, month: string) {
	await hot('update sms_usage set sent = greatest(sent - 1, 0) where community_id = $1::int and month = $2::text', [communityId, month]);
}

export async function sendOne(d: DeliveryRow, senders: Senders, now = new Date()): Promise<Outcome> {
	const { title, body } = render(d.kind, d.params);
	const key = deliveryKey(d);
	switch (d.channel) {
		case 'sms': {
			if (!senders.sms) return { skipped: 'sms_off' };
			const month = budgetMonth(now);
			if (!(await reserveSms(d.communityId, month))) return { skipped: 'budget_spent' };
			const params = { title: cut(title, 20), body: cut(body, 60) };
			try {
				await senders.sms.send({ to: d.phone, key, template: 'notice', params, text: smsText('notice', params), sentAt: now.toISOString() });
			} catch (e) {
				await releaseSms(d.communityId, month);
				throw e;
			}
			return { sent: true };
		}
		case 'email': {
			if (!senders.email) return { skipped: 'email_off' };
			if (!d.email) return { skipped: 'no_email' };
			const link = `${origin()}${d.link}`;
			await senders.email.send({ to: d.email, subject: `【议事亭】${title}`, text: `${body}\n\n${link}\n`, key });
			return { sent: true };
		}
		case 'wechat': {
			if (!senders.wechat) return { skipped: 'wechat_off' };
			if (!d.wechatOpenid) return { skipped: 'no_wechat' };
			await senders.wechat.send({
				openid: d.wechatOpenid,
				data: { thing1: cut(title, 20), thing2: cut(body, 20), time3: shanghaiTime(d.createdAt) },
				page: `${origin()}${d.link}`
			});
			return { sent: true };
		}
	}
}

/** a provider error that is worth another try (down, busy, throttled), or any unexpected error */
export const retryable = (e: unknown) => !(e instanceof ProviderError) || e.retry;
