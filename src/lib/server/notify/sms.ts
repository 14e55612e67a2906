/**
 * Text messages to phones. A message names a template and its parameters (what an SMS provider is given) and
 * carries the Chinese text those make (what the person reads). One transport for now, `file`: each message is one
 * JSON line `{ to, template, params, text, sentAt }` appended to SMS_OUTBOX_FILE (default data/sms-outbox.jsonl),
 * so a trial site shows what would have been sent and tests can read it.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface SmsMessage {
	to: string;
	template: SmsTemplate;
	params: Record<string, string>;
	text: string;
}

export interface SmsTransport {
	readonly name: string;
	send(message: SmsMessage & { sentAt: string }): Promise<void>;
}

// the wording a provider's template would be registered with; the site's name is the provider's signature
const TEMPLATES = {
	register_code: (p: Record<string, string>) =>
		`【议事亭】您正在注册议事亭，验证码 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略本短信。`,
	register_existing: () =>
		'【议事亭】该手机号已注册议事亭；如忘记密码，请在登录页选择“忘记密码”或到居委会办理。如非本人操作，请忽略本短信。',
	reset_code: (p: Record<string, string>) =>
		`【议事亭】您正在重设议事亭密码，验证码 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略本短信，您的密码不会改变。`,
	password_changed: () => '【议事亭】您的议事亭密码已重设，所有设备已退出登录。如非本人操作，请立即联系居委会。',
	phone_change_code: (p: Record<string, string>) =>
		`【议事亭】您正在把议事亭账号换绑到本手机号，验证码 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略本短信。`,
	lookup_code: (p: Record<string, string>) =>
		`【议事亭】您正在查询自己反映过的问题，验证码 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略本短信。`,
	request_update: (p: Record<string, string>) =>
		`【议事亭】您反映的问题（第 ${p.id} 号，${p.category}）${p.step}。${p.text ? `${p.text}。` : ''}凭本手机号可在议事亭“查询我反映的问题”查看进展。`,
	invitation_letter: (p: Record<string, string>) =>
		`【议事亭】${p.name}您好，${p.community}邀请您参加“${p.title}”，时间 ${p.time}，地点 ${p.place}。请打开 ${p.url} 回复是否出席。`,
	phone_changed: (p: Record<string, string>) =>
		`【议事亭】您的议事亭账号已换绑到新手机号 ${p.phone}，今后请用新号码登录。如非本人操作，请立即联系居委会。`
} satisfies Record<string, (params: Record<string, string>) => string>;

export type SmsTemplate = keyof typeof TEMPLATES;

/** appends one JSON line per message; O_APPEND keeps lines whole when several instances share the file */
export function fileTransport(path: string): SmsTransport {
	const file = resolve(path);
	let ready: Promise<unknown> | null = null;
	return {
		name: 'file',
		async send(message) {
			await (ready ??= mkdir(dirname(file), { recursive: true }));
			await appendFile(file, JSON.stringify(message) + '\n', 'utf8');
		}
	};
}

let transport: SmsTransport | null = null;

function configured(): SmsTransport {
	const kind = process.env.SMS_TRANSPORT || 'file';
	if (kind !== 'file') throw new Error(`SMS_TRANSPORT=${kind} is not supported (only "file")`);
	return fileTransport(process.env.SMS_OUTBOX_FILE || 'data/sms-outbox.jsonl');
}

/** the transport in use; a test may set another one */
export function smsTransport(next?: SmsTransport): SmsTransport {
	if (next) transport = next;
	return (transport ??= configured());
}

/** sends a template to a phone and returns what was sent */
export async function sendSms(to: string, template: SmsTemplate, params: Record<string, string> = {}) {
	const message = { to, template, params, text: TEMPLATES[template](params), sentAt: new Date().toISOString() };
	await smsTransport().send(message);
	return message;
}

/** 138****0002: enough for the person to recognise their number, not enough to learn someone else's */
export const maskPhone = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone);
