/**
 * The senders of each channel, as the operator configured them (README "Channels"): SMS through SMS_TRANSPORT
 * (sms.ts), email when SMTP_URL is set, WeChat when WECHAT_APPID is set. A channel that is not configured has no
 * sender, and its deliveries are skipped with that reason rather than left waiting.
 */
import { smsTransport, type SmsTransport } from '../sms';
import { emailSender, type EmailMessage } from '../providers/email';
import { wechatSender, type WechatMessage } from '../providers/wechat';

export interface Senders {
	sms: SmsTransport | null;
	email: { send(m: EmailMessage): Promise<void>; close?(): void } | null;
	wechat: { send(m: WechatMessage): Promise<void> } | null;
}

export function configuredSenders(): Senders {
	const env = process.env;
	if (env.WECHAT_APPID && (!env.WECHAT_SECRET || !env.WECHAT_TEMPLATE_ID)) {
		throw new Error('WECHAT_APPID needs WECHAT_SECRET and WECHAT_TEMPLATE_ID');
	}
	return {
		sms: smsTransport(),
		email: env.SMTP_URL ? emailSender(env.SMTP_URL, env.SMTP_FROM || 'noreply@localhost') : null,
		wechat: env.WECHAT_APPID
			? wechatSender({
					appId: env.WECHAT_APPID,
					secret: env.WECHAT_SECRET!,
					templateId: env.WECHAT_TEMPLATE_ID!,
					api: env.WECHAT_API || undefined,
					kind: env.WECHAT_KIND === 'miniprogram' ? 'miniprogram' : 'official'
				})
			: null
	};
}
