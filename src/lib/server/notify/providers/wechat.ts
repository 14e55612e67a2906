/**
 * WeChat subscription messages (订阅通知) of an official account: an access token from the app id and secret
 * (GET /cgi-bin/token?grant_type=client_credential), kept until shortly before it expires and fetched again when
 * WeChat says it is no longer valid (40001, 42001, 40014); then POST /cgi-bin/message/subscribe/bizsend (official
 * account) or /cgi-bin/message/subscribe/send (mini program) with the follower's openid, the template id and the template's fields as `{ name: { value } }`.
 */
import { ProviderError } from './aliyun';

export interface WechatConfig {
	appId: string;
	secret: string;
	templateId: string;
	/** default https://api.weixin.qq.com */
	api?: string;
	/** an official account (订阅通知, …/subscribe/bizsend, the default) or a mini program (…/subscribe/send) */
	kind?: 'official' | 'miniprogram';
}

export interface WechatMessage {
	openid: string;
	/** the template's fields, e.g. thing1 (title), thing2 (what happened), time3 */
	data: Record<string, string>;
	/** the page on this site it opens */
	page?: string;
}

const STALE_TOKEN = new Set([40001, 40014, 42001]);

export function wechatSender(c: WechatConfig) {
	const api = (c.api ?? 'https://api.weixin.qq.com').replace(/\/$/, '');
	const sendPath = c.kind === 'miniprogram' ? '/cgi-bin/message/subscribe/send' : '/cgi-bin/message/subscribe/bizsend';
	let token: { value: string; until: number } | null = null;
	let pending: Promise<string> | null = null;

	async function fetchToken(): Promise<string> {
		const url = `${api}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(c.appId)}&secret=${encodeURIComponent(c.secret)}`;
		let res: Response;
		try {
			res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
		} catch (e) {
			throw new ProviderError(`WeChat unreachable: ${(e as Error).message}`, true);
		}
		const a = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
		if (!a.access_token) throw new ProviderError(`WeChat token ${res.status} ${a.errcode ?? ''} ${a.errmsg ?? ''}`.trim(), res.status >= 500 || a.errcode === -1);
		// five minutes early, so a message never goes out with a token that expires on the way
		token = { value: a.access_token, until: Date.now() + ((a.expires_in ?? 7200) - 300) * 1000 };
		return a.access_token;
	}

	/** one token fetch at a time however many messages wait for it */
	const accessToken = () =>
		token && token.until > Date.now() ? Promise.resolve(token.value) : (pending ??= fetchToken().finally(() => (pending = null)));

	async function post(message: WechatMessage, value: string) {
		const body = {
			touser: message.openid,
			template_id: c.templateId,
			...(message.page ? { page: message.page } : {}),
			data: Object.fromEntries(Object.entries(message.data).map(([k, v]) => [k, { value: v }]))
		};
		try {
			const res = await fetch(`${api}${sendPath}?access_token=${encodeURIComponent(value)}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(10_000)
			});
			return { status: res.status, answer: (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string } };
		} catch (e) {
			throw new ProviderError(`WeChat unreachable: ${(e as Error).message}`, true);
		}
	}

	return {
		name: 'wechat',
		async send(message: WechatMessage): Promise<void> {
			let { status, answer } = await post(message, await accessToken());
			if (answer.errcode && STALE_TOKEN.has(answer.errcode)) {
				token = null;
				({ status, answer } = await post(message, await accessToken()));
			}
			if (status === 200 && (answer.errcode ?? 0) === 0) return;
			// -1: WeChat busy; 45009: daily limit reached — try again later; 43101 (not subscribed) and others stay
			const retry = status >= 500 || answer.errcode === -1 || answer.errcode === 45009;
			throw new ProviderError(`WeChat ${status} ${answer.errcode ?? ''} ${answer.errmsg ?? ''}`.trim(), retry);
		},
		/** for tests: forget the cached token */
		reset() {
			token = null;
		}
	};
}

export type WechatSender = ReturnType<typeof wechatSender>;
