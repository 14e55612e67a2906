/**
 * Text messages to phones. A message names a template and its parameters (what an SMS provider is given) and
 * carries the Chinese text those make (what the person reads). SMS_TRANSPORT chooses the transport:
 * - `file` (the default): each message is one JSON line `{ to, template, params, text, sentAt, key? }` appended to
 *   SMS_OUTBOX_FILE (default data/sms-outbox.jsonl), so a trial site shows what would have been sent;
 * - `aliyun` (Alibaba Cloud SMS) and `tencent` (Tencent Cloud SMS), configured by the variables in README.
 * The provider templates are named by SMS_TEMPLATES, a JSON object from the names below to the template codes.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { aliyunTransport } from './providers/aliyun';
import { tencentTransport } from './providers/tencent';

export interface SmsMessage {
	to: string;
	/** the delivery's idempotency key (event, person, channel), passed to the provider as OutId / SessionContext */
	key?: string;
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
		`【议事亭】您的议事亭账号已换绑到新手机号 ${p.phone}，今后请用新号码登录。如非本人操作，请立即联系居委会。`,
	// a notice from the inbox, as one generic template: its title and a short line
	notice: (p: Record<string, string>) => `【议事亭】${p.title}：${p.body}`,
	// the daily digest: how many, and the first titles
	digest: (p: Record<string, string>) => `【议事亭】您今天有 ${p.count} 条新消息：${p.titles}。请登录议事亭查看。`
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

/** the words of a template, as the person reads them */
export const smsText = (template: SmsTemplate, params: Record<string, string>) => TEMPLATES[template](params);

function need(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} must be set when SMS_TRANSPORT=${process.env.SMS_TRANSPORT}`);
	return value;
}

function templates(): Record<string, string> {
	try {
		return JSON.parse(process.env.SMS_TEMPLATES || '{}') as Record<string, string>;
	} catch {
		throw new Error('SMS_TEMPLATES must be a JSON object such as {"notice":"SMS_123","reset_code":"SMS_456"}');
	}
}

function configured(): SmsTransport {
	const kind = process.env.SMS_TRANSPORT || 'file';
	switch (kind) {
		case 'file':
			return fileTransport(process.env.SMS_OUTBOX_FILE || 'data/sms-outbox.jsonl');
		case 'aliyun':
			return aliyunTransport({
				accessKeyId: need('ALIYUN_SMS_ACCESS_KEY_ID'),
				accessKeySecret: need('ALIYUN_SMS_ACCESS_KEY_SECRET'),
				signName: need('ALIYUN_SMS_SIGN_NAME'),
				templates: templates(),
				endpoint: process.env.ALIYUN_SMS_ENDPOINT || undefined
			});
		case 'tencent':
			return tencentTransport({
				secretId: need('TENCENT_SMS_SECRET_ID'),
				secretKey: need('TENCENT_SMS_SECRET_KEY'),
				appId: need('TENCENT_SMS_APP_ID'),
				signName: need('TENCENT_SMS_SIGN_NAME'),
				templates: templates(),
				region: process.env.TENCENT_SMS_REGION || undefined,
				endpoint: process.env.TENCENT_SMS_ENDPOINT || undefined
			});
		default:
			throw new Error(`SMS_TRANSPORT=${kind} is not supported ("file", "aliyun" or "tencent")`);
	}
}

/** the transport in use; a test may set another one (null: back to the configured one) */
export function smsTransport(next?: SmsTransport | null): SmsTransport {
	if (next !== undefined) transport = next;
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
