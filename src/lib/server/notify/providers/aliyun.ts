/**
 * Alibaba Cloud SMS (dysmsapi, SendSms, version 2017-05-25) over its RPC HTTP API, signed as the provider documents
 * ("Signature mechanism", RPC style): every parameter but Signature sorted by name, names and values
 * percent-encoded (RFC 3986: space %20, * %2A, ~ kept), joined with & and =; the string to sign is
 * `POST&%2F&` + the encoded query; the signature is base64 HMAC-SHA1 with the key `AccessKeySecret&`.
 * node:crypto and fetch: the official SDK pulls in a tea/credentials stack of a dozen packages for one call.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SmsTransport } from '../sms';

export interface AliyunConfig {
	accessKeyId: string;
	accessKeySecret: string;
	signName: string;
	/** our template names to the template codes registered with the provider (SMS_123456) */
	templates: Record<string, string>;
	endpoint?: string;
}

/** percent-encoding as the RPC signature wants it */
export const aliyunEncode = (s: string) =>
	encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function aliyunSign(params: Record<string, string>, secret: string, method = 'POST'): string {
	const query = Object.keys(params)
		.filter((k) => k !== 'Signature')
		.sort()
		.map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k])}`)
		.join('&');
	const toSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(query)}`;
	return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/** what a provider answered that is worth retrying (it was down, busy or throttled us) vs. a refusal that stays */
export class ProviderError extends Error {
	constructor(
		message: string,
		readonly retry: boolean
	) {
		super(message);
	}
}

export function aliyunTransport(c: AliyunConfig): SmsTransport {
	const endpoint = c.endpoint ?? 'https://dysmsapi.aliyuncs.com/';
	return {
		name: 'aliyun',
		async send(message) {
			const code = c.templates[message.template];
			if (!code) throw new ProviderError(`no Alibaba Cloud template configured for "${message.template}"`, false);
			const params: Record<string, string> = {
				AccessKeyId: c.accessKeyId,
				Action: 'SendSms',
				Format: 'JSON',
				RegionId: 'cn-hangzhou',
				SignatureMethod: 'HMAC-SHA1',
				SignatureNonce: randomUUID(),
				SignatureVersion: '1.0',
				Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
				Version: '2017-05-25',
				PhoneNumbers: message.to,
				SignName: c.signName,
				TemplateCode: code,
				TemplateParam: JSON.stringify(message.params),
				...(message.key ? { OutId: message.key } : {})
			};
			params.Signature = aliyunSign(params, c.accessKeySecret);
			const body = Object.entries(params)
				.map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`)
				.join('&');
			let res: Response;
			try {
				res = await fetch(endpoint, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body,
					signal: AbortSignal.timeout(10_000)
				});
			} catch (e) {
				throw new ProviderError(`Alibaba Cloud unreachable: ${(e as Error).message}`, true);
			}
			const answer = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string };
			if (res.ok && answer.Code === 'OK') return;
			// throttling and the provider's own trouble pass; a bad template or number does not
			const retry = res.status >= 500 || /Throttling|ServiceUnavailable|InternalError/i.test(answer.Code ?? '');
			throw new ProviderError(`Alibaba Cloud ${res.status} ${answer.Code ?? ''} ${answer.Message ?? ''}`.trim(), retry);
		}
	};
}
