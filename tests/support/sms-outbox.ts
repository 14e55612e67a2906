/** Reads the messages the `file` SMS transport wrote (SMS_OUTBOX_FILE), as tests see what a phone received. */
import { existsSync, readFileSync } from 'node:fs';

export interface SentSms {
	to: string;
	template: string;
	params: Record<string, string>;
	text: string;
	sentAt: string;
}

/** the outbox the end-to-end server writes to (playwright.config.ts gives it SMS_OUTBOX_FILE) */
export const e2eOutbox = (port: string | number = process.env.E2E_PORT ?? 4173) => `tests/.artifacts/sms-outbox-${port}.jsonl`;

export function outbox(file = process.env.SMS_OUTBOX_FILE ?? 'data/sms-outbox.jsonl'): SentSms[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as SentSms);
}

/** every message to the phone, oldest first */
export const messagesTo = (phone: string, file?: string) => outbox(file).filter((m) => m.to === phone);

/** the newest message to the phone; the server writes it before it answers, so after a response it is there */
export function lastSmsTo(phone: string, file?: string): SentSms {
	const last = messagesTo(phone, file).at(-1);
	if (!last) throw new Error(`no SMS to ${phone}`);
	return last;
}

/** the registration code in the newest message to the phone */
export function codeSentTo(phone: string, file?: string): string {
	const code = lastSmsTo(phone, file).params.code;
	if (!code) throw new Error(`the last SMS to ${phone} has no code`);
	return code;
}
