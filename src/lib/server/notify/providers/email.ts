/** Email through SMTP (nodemailer): SMTP_URL (smtp://user:pass@host:587 or smtps://…) and SMTP_FROM. */
import nodemailer from 'nodemailer';
import { ProviderError } from './aliyun';

export interface EmailMessage {
	to: string;
	subject: string;
	text: string;
	/** the idempotency key, as the Message-ID's local part: a receiving server can see a repeat */
	key?: string;
}

export function emailSender(url: string, from: string) {
	const transporter = nodemailer.createTransport(url);
	const host = new URL(url).hostname || 'localhost';
	return {
		name: 'email',
		async send(m: EmailMessage): Promise<void> {
			try {
				await transporter.sendMail({
					from,
					to: m.to,
					subject: m.subject,
					text: m.text,
					...(m.key ? { messageId: `<${m.key.replace(/[^A-Za-z0-9._-]/g, '.')}@${host}>` } : {})
				});
			} catch (e) {
				const err = e as { responseCode?: number; message: string };
				// 5xx: the server refused this message for good (no such mailbox); the rest is worth another try
				const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600;
				throw new ProviderError(`SMTP ${err.responseCode ?? ''} ${err.message}`.trim(), !permanent);
			}
		},
		close: () => transporter.close()
	};
}

export type EmailSender = ReturnType<typeof emailSender>;
