/**
 * Local stand-ins for the providers the site cannot reach from here: Alibaba Cloud SMS, Tencent Cloud SMS and the
 * WeChat API. Each checks the request as its provider documents it, VERIFIES the signature with its own code (not
 * the adapter's), answers as the provider does, and counts what it accepted by idempotency key (OutId,
 * SessionContext, or the openid + first field for WeChat) so tests can tell a message delivered twice. `down`
 * makes it answer 503 (an outage); `refused` counts the requests it turned away.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
	url: string;
	/** accepted messages by idempotency key */
	byKey: Map<string, number>;
	/** every accepted message, in order */
	accepted: { key: string; to: string; template: string; params: unknown }[];
	refused: { status: number; code: string }[];
	down: boolean;
	close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

async function serve(handle: (req: IncomingMessage, text: string, s: StandIn) => { status: number; json: unknown }): Promise<StandIn> {
	const s: StandIn = { url: '', byKey: new Map(), accepted: [], refused: [], down: false, close: async () => {} };
	const server: Server = createServer(async (req, res) => {
		const text = await body(req);
		if (s.down) s.refused.push({ status: 503, code: 'ServiceUnavailable' });
		const answer = s.down ? { status: 503, json: { Code: 'ServiceUnavailable', Message: 'down for a test' } } : handle(req, text, s);
		res.writeHead(answer.status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(answer.json));
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	s.close = () =>
		new Promise((r) => {
			server.closeAllConnections();
			server.close(() => r());
		});
	return s;
}

function accept(s: StandIn, key: string, to: string, template: string, params: unknown) {
	s.byKey.set(key, (s.byKey.get(key) ?? 0) + 1);
	s.accepted.push({ key, to, template, params });
}

/** RFC 3986 unreserved characters stay, every other UTF-8 byte becomes %XX (upper case), as Alibaba Cloud says */
function rfc3986(value: string): string {
	let out = '';
	for (const byte of Buffer.from(value, 'utf8')) {
		const c = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** Alibaba Cloud dysmsapi SendSms (RPC, signature version 1.0, HMAC-SHA1) */
export function aliyunStandIn(keys: Record<string, string>): Promise<StandIn> {
	const nonces = new Set<string>();
	return serve((req, text, s) => {
		const refuse = (status: number, code: string) => {
			s.refused.push({ status, code });
			return { status, json: { Code: code, Message: code, RequestId: 'r' } };
		};
		if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return refuse(400, 'InvalidMethod');
		const params = Object.fromEntries(new URLSearchParams(text));
		for (const [k, want] of Object.entries({ Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' })) {
			if (params[k] !== want) return refuse(400, `Missing${k}`);
		}
		if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp ?? '')) return refuse(400, 'InvalidTimeStamp.Format');
		if (Math.abs(Date.parse(params.Timestamp) - Date.now()) > 15 * 60_000) return refuse(400, 'InvalidTimeStamp.Expired');
		if (!params.SignatureNonce || nonces.has(params.SignatureNonce)) return refuse(400, 'SignatureNonceUsed');
		const secret = keys[params.AccessKeyId ?? ''];
		if (secret === undefined) return refuse(404, 'InvalidAccessKeyId.NotFound');
		const canonical = Object.keys(params)
			.filter((k) => k !== 'Signature')
			.sort()
			.map((k) => `${rfc3986(k)}=${rfc3986(params[k])}`)
			.join('&');
		const stringToSign = `POST&${rfc3986('/')}&${rfc3986(canonical)}`;
		const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
		if (params.Signature !== expected) return refuse(400, 'SignatureDoesNotMatch');
		nonces.add(params.SignatureNonce);
		if (!/^1\d{10}$/.test(params.PhoneNumbers ?? '')) return refuse(400, 'isv.MOBILE_NUMBER_ILLEGAL');
		if (!params.SignName || !params.TemplateCode) return refuse(400, 'isv.SMS_TEMPLATE_ILLEGAL');
		let templateParams: unknown;
		try {
			templateParams = JSON.parse(params.TemplateParam ?? '{}');
		} catch {
			return refuse(400, 'isv.INVALID_JSON_PARAM');
		}
		accept(s, params.OutId ?? params.SignatureNonce, params.PhoneNumbers, params.TemplateCode, templateParams);
		return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: `biz${s.accepted.length}`, RequestId: `req${s.accepted.length}` } };
	});
}

/** Tencent Cloud SMS SendSms 2021-01-11 (TC3-HMAC-SHA256) */
export function tencentStandIn(keys: Record<string, string>): Promise<StandIn> {
	const sha = (x: string) => createHash('sha256').update(x).digest('hex');
	const mac = (k: string | Buffer, x: string) => createHmac('sha256', k).update(x).digest();
	return serve((req, text, s) => {
		const refuse = (code: string) => {
			s.refused.push({ status: 200, code });
			// Tencent Cloud answers 200 with an Error object
			return { status: 200, json: { Response: { Error: { Code: code, Message: code }, RequestId: 'r' } } };
		};
		const h = req.headers;
		if (req.method !== 'POST') return refuse('InvalidParameter.Method');
		if (h['x-tc-action'] !== 'SendSms' || h['x-tc-version'] !== '2021-01-11') return refuse('InvalidAction');
		if (!h['x-tc-region']) return refuse('MissingParameter.Region');
		const timestamp = Number(h['x-tc-timestamp']);
		if (!Number.isInteger(timestamp) || Math.abs(timestamp * 1000 - Date.now()) > 5 * 60_000) return refuse('AuthFailure.SignatureExpire');
		const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
			String(h.authorization ?? '')
		);
		if (!m) return refuse('AuthFailure.InvalidAuthorization');
		const [, secretId, date, signedHeaders, signature] = m;
		const secretKey = keys[secretId];
		if (secretKey === undefined) return refuse('AuthFailure.SecretIdNotFound');
		if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) return refuse('AuthFailure.InvalidAuthorization');
		const names = signedHeaders.split(';');
		if (!names.includes('content-type') || !names.includes('host')) return refuse('AuthFailure.InvalidAuthorization');
		const canonicalHeaders = names.map((n) => `${n}:${String(h[n] ?? '').trim().toLowerCase()}\n`).join('');
		const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha(text)].join('\n');
		const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/sms/tc3_request`, sha(canonicalRequest)].join('\n');
		const signingKey = mac(mac(mac(`TC3${secretKey}`, date), 'sms'), 'tc3_request');
		if (createHmac('sha256', signingKey).update(stringToSign).digest('hex') !== signature) return refuse('AuthFailure.SignatureFailure');
		const p = JSON.parse(text) as { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[]; SessionContext?: string };
		if (!Array.isArray(p.PhoneNumberSet) || !p.PhoneNumberSet.every((n) => /^\+861\d{10}$/.test(n))) return refuse('InvalidParameterValue.IncorrectPhoneNumber');
		if (!p.SmsSdkAppId || !p.SignName || !p.TemplateId) return refuse('MissingParameter');
		if (p.TemplateParamSet && !p.TemplateParamSet.every((x) => typeof x === 'string')) return refuse('InvalidParameterValue.TemplateParameterFormatError');
		const to = p.PhoneNumberSet[0].slice(3);
		accept(s, p.SessionContext ?? `${to}:${s.accepted.length}`, to, p.TemplateId, p.TemplateParamSet);
		return {
			status: 200,
			json: { Response: { SendStatusSet: [{ SerialNo: `s${s.accepted.length}`, PhoneNumber: p.PhoneNumberSet[0], Fee: 1, SessionContext: p.SessionContext ?? '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'r' } }
		};
	});
}

/** the WeChat API: access tokens from app id and secret, and subscription messages sent with one */
export async function wechatStandIn(appId: string, secret: string): Promise<StandIn & { tokensIssued(): number; expireTokens(): void }> {
	let tokens = new Set<string>();
	let issued = 0;
	const s = await serve((req, text, st) => {
		const url = new URL(req.url ?? '/', 'http://x');
		if (url.pathname === '/cgi-bin/token') {
			if (url.searchParams.get('grant_type') !== 'client_credential') return { status: 200, json: { errcode: 40002, errmsg: 'invalid grant_type' } };
			if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret) {
				st.refused.push({ status: 200, code: '40125' });
				return { status: 200, json: { errcode: 40125, errmsg: 'invalid appsecret' } };
			}
			const t = `tok${++issued}`;
			tokens.add(t);
			return { status: 200, json: { access_token: t, expires_in: 7200 } };
		}
		if (req.method === 'POST' && /^\/cgi-bin\/message\/subscribe\/(biz)?send$/.test(url.pathname)) {
			if (!tokens.has(url.searchParams.get('access_token') ?? '')) {
				st.refused.push({ status: 200, code: '40001' });
				return { status: 200, json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
			}
			const b = JSON.parse(text) as { touser?: string; template_id?: string; data?: Record<string, { value?: unknown }> };
			const fieldsOk = b.data && Object.values(b.data).every((f) => typeof f?.value === 'string');
			if (!b.touser || !b.template_id || !fieldsOk) {
				st.refused.push({ status: 200, code: '47003' });
				return { status: 200, json: { errcode: 47003, errmsg: 'argument invalid' } };
			}
			const values = Object.values(b.data ?? {}).map((f) => f.value);
			accept(st, `${b.touser}:${values.join('|')}`, b.touser, b.template_id, b.data);
			return { status: 200, json: { errcode: 0, errmsg: 'ok', msgid: st.accepted.length } };
		}
		return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
	});
	return Object.assign(s, {
		tokensIssued: () => issued,
		expireTokens() {
			tokens = new Set();
		}
	});
}
