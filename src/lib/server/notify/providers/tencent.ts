/**
 * Tencent Cloud SMS (SendSms, API 2021-01-11) with TC3-HMAC-SHA256 as the provider documents ("Signature v3"):
 * canonical request = method, `/`, empty query, the signed headers (content-type, host, x-tc-action) lower-case,
 * their names, and the hex SHA-256 of the JSON body; the string to sign = algorithm, timestamp, the credential
 * scope `date/sms/tc3_request` and the hex SHA-256 of the canonical request; the key is derived by HMAC-SHA256
 * from `TC3` + SecretKey over the date, `sms` and `tc3_request`. node:crypto and fetch instead of the SDK (the
 * whole tencentcloud-sdk-nodejs is tens of megabytes; the SMS-only package still brings its common stack).
 */
import { createHash, createHmac } from 'node:crypto';
import type { SmsTransport } from '../sms';
import { ProviderError } from './aliyun';

export interface TencentConfig {
	secretId: string;
	secretKey: string;
	/** SmsSdkAppId */
	appId: string;
	signName: string;
	templates: Record<string, string>;
	region?: string;
	endpoint?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

export interface Tc3Input {
	secretId: string;
	secretKey: string;
	host: string;
	action: string;
	payload: string;
	timestamp: number;
	service?: string;
}

export function tc3Authorization(i: Tc3Input): string {
	const service = i.service ?? 'sms';
	const date = new Date(i.timestamp * 1000).toISOString().slice(0, 10);
	const headers = `content-type:application/json; charset=utf-8\nhost:${i.host}\nx-tc-action:${i.action.toLowerCase()}\n`;
	const signed = 'content-type;host;x-tc-action';
	const canonical = `POST\n/\n\n${headers}\n${signed}\n${sha256(i.payload)}`;
	const scope = `${date}/${service}/tc3_request`;
	const toSign = `TC3-HMAC-SHA256\n${i.timestamp}\n${scope}\n${sha256(canonical)}`;
	const key = hmac(hmac(hmac(`TC3${i.secretKey}`, date), service), 'tc3_request');
	const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
	return `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
}

export function tencentTransport(c: TencentConfig): SmsTransport {
	const endpoint = new URL(c.endpoint ?? 'https://sms.tencentcloudapi.com/');
	return {
		name: 'tencent',
		async send(message) {
			const templateId = c.templates[message.template];
			if (!templateId) throw new ProviderError(`no Tencent Cloud template configured for "${message.template}"`, false);
			const payload = JSON.stringify({
				PhoneNumberSet: [`+86${message.to}`],
				SmsSdkAppId: c.appId,
				SignName: c.signName,
				TemplateId: templateId,
				// a template's parameters are positional: in the order the template lists them
				TemplateParamSet: Object.values(message.params),
				...(message.key ? { SessionContext: message.key } : {})
			});
			const timestamp = Math.floor(Date.now() / 1000);
			const authorization = tc3Authorization({ secretId: c.secretId, secretKey: c.secretKey, host: endpoint.host, action: 'SendSms', payload, timestamp });
			let res: Response;
			try {
				res = await fetch(endpoint, {
					method: 'POST',
					headers: {
						authorization,
						'content-type': 'application/json; charset=utf-8',
						'x-tc-action': 'SendSms',
						'x-tc-version': '2021-01-11',
						'x-tc-timestamp': String(timestamp),
						'x-tc-region': c.region ?? 'ap-guangzhou'
					},
					body: payload,
					signal: AbortSignal.timeout(10_000)
				});
			} catch (e) {
				throw new ProviderError(`Tencent Cloud unreachable: ${(e as Error).message}`, true);
			}
			const answer = (await res.json().catch(() => ({}))) as {
				Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] };
			};
			const error = answer.Response?.Error;
			const status = answer.Response?.SendStatusSet?.[0];
			if (res.ok && !error && status?.Code === 'Ok') return;
			const code = error?.Code ?? status?.Code ?? '';
			const retry = res.status >= 500 || /InternalError|RequestLimitExceeded|LimitExceeded/i.test(code);
			throw new ProviderError(`Tencent Cloud ${res.status} ${code} ${error?.Message ?? status?.Message ?? ''}`.trim(), retry);
		}
	};
}
