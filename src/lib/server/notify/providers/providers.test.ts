/**
 * Each adapter against a local stand-in that checks the request as the provider documents it and verifies the
 * signature with its own code: the right keys are accepted, a wrong secret is refused, an outage is a retryable
 * failure and a refusal is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { aliyunStandIn, tencentStandIn, wechatStandIn, type StandIn } from '../../../../../tests/support/standins';
import { aliyunEncode, aliyunSign, aliyunTransport, ProviderError } from './aliyun';
import { tencentTransport } from './tencent';
import { wechatSender } from './wechat';
import { emailSender } from './email';

const message = (key = 'vote:1:opened:7:sms') => ({
	to: '13800000007',
	key,
	template: 'notice' as const,
	params: { title: '投票开始', body: '“加装电梯” 100% 同意？ (A&B)' },
	text: '【议事亭】投票开始',
	sentAt: new Date().toISOString()
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
	const e = await p.then(
		() => null,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(ProviderError);
	return e as ProviderError;
}

describe('Alibaba Cloud SMS', () => {
	let s: StandIn;
	beforeAll(async () => (s = await aliyunStandIn({ LTAIkey: 'right-secret' })));
	afterAll(() => s.close());
	const transport = (secret: string) =>
		aliyunTransport({ accessKeyId: 'LTAIkey', accessKeySecret: secret, signName: '议事亭', templates: { notice: 'SMS_100' }, endpoint: s.url });

	it('encodes as RFC 3986 and signs the documented example string', () => {
		expect(aliyunEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
		// the same parameters always give the same signature; one changed value changes it
		const p = { AccessKeyId: 'x', Action: 'SendSms', SignatureNonce: 'n' };
		expect(aliyunSign(p, 's')).toBe(aliyunSign({ ...p }, 's'));
		expect(aliyunSign(p, 's')).not.toBe(aliyunSign({ ...p, Action: 'SendSmS' }, 's'));
	});

	it('sends a signed SendSms that the stand-in verifies, with the template code, parameters and OutId', async () => {
		await transport('right-secret').send(message());
		expect(s.accepted.at(-1)).toEqual({ key: 'vote:1:opened:7:sms', to: '13800000007', template: 'SMS_100', params: message().params });
	});

	it('a wrong secret is refused by the signature check, for good', async () => {
		const before = s.accepted.length;
		const e = await failure(transport('wrong-secret').send(message('k2')));
		expect(e.message).toContain('SignatureDoesNotMatch');
		expect(e.retry).toBe(false);
		expect(s.accepted.length).toBe(before);
	});

	it('a template with no code configured is not sent', async () => {
		const e = await failure(transport('right-secret').send({ ...message(), template: 'digest' }));
		expect(e.retry).toBe(false);
	});

	it('an outage is worth another try', async () => {
		s.down = true;
		const e = await failure(transport('right-secret').send(message('k3')));
		s.down = false;
		expect(e.retry).toBe(true);
	});
});

describe('Tencent Cloud SMS', () => {
	let s: StandIn;
	beforeAll(async () => (s = await tencentStandIn({ AKIDkey: 'right-key' })));
	afterAll(() => s.close());
	const transport = (key: string) =>
		tencentTransport({ secretId: 'AKIDkey', secretKey: key, appId: '1400000001', signName: '议事亭', templates: { notice: '200001' }, endpoint: s.url });

	it('sends a TC3-signed SendSms with the +86 number, positional parameters and SessionContext', async () => {
		await transport('right-key').send(message());
		expect(s.accepted.at(-1)).toEqual({ key: 'vote:1:opened:7:sms', to: '13800000007', template: '200001', params: ['投票开始', '“加装电梯” 100% 同意？ (A&B)'] });
	});

	it('a wrong secret key fails the signature check', async () => {
		const before = s.accepted.length;
		const e = await failure(transport('wrong-key').send(message('k2')));
		expect(e.message).toContain('AuthFailure.SignatureFailure');
		expect(e.retry).toBe(false);
		expect(s.accepted.length).toBe(before);
	});

	it('an outage is worth another try', async () => {
		s.down = true;
		const e = await failure(transport('right-key').send(message('k3')));
		s.down = false;
		expect(e.retry).toBe(true);
	});
});

describe('WeChat subscription messages', () => {
	let s: Awaited<ReturnType<typeof wechatStandIn>>;
	beforeAll(async () => (s = await wechatStandIn('wxapp', 'right-secret')));
	afterAll(() => s.close());
	const send = (secret: string) => wechatSender({ appId: 'wxapp', secret, templateId: 'TPL1', api: s.url });

	it('gets a token once, keeps it, and sends with the openid, template and fields', async () => {
		const w = send('right-secret');
		await w.send({ openid: 'o-resident', data: { thing1: '投票开始', thing2: '加装电梯' }, page: '/c/1/votes/1' });
		await w.send({ openid: 'o-resident', data: { thing1: '投票结果', thing2: '加装电梯' } });
		expect(s.tokensIssued()).toBe(1);
		expect(s.accepted.map((a) => a.key)).toEqual(['o-resident:投票开始|加装电梯', 'o-resident:投票结果|加装电梯']);
		expect(s.accepted[0].params).toEqual({ thing1: { value: '投票开始' }, thing2: { value: '加装电梯' } });
	});

	it('fetches a new token when WeChat says the old one is no longer valid', async () => {
		const w = send('right-secret');
		await w.send({ openid: 'o1', data: { thing1: 'a' } });
		s.expireTokens();
		await w.send({ openid: 'o1', data: { thing1: 'b' } });
		expect(s.accepted.at(-1)?.key).toBe('o1:b');
	});

	it('a wrong app secret gets no token and sends nothing', async () => {
		const before = s.accepted.length;
		const e = await failure(send('wrong').send({ openid: 'o2', data: { thing1: 'x' } }));
		expect(e.message).toContain('40125');
		expect(s.accepted.length).toBe(before);
	});
});

describe('email through SMTP', () => {
	const got: { from: string; to: string[]; data: string }[] = [];
	let server: SMTPServer;
	let port = 0;
	let reject = false;
	beforeAll(async () => {
		server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			onRcptTo(address, _session, cb) {
				if (reject) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
				cb();
			},
			onData(stream, session, cb) {
				let data = '';
				stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
				stream.on('end', () => {
					got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
					cb();
				});
			}
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		port = (server.server.address() as AddressInfo).port;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('delivers a message to the SMTP server with the idempotency key in its Message-ID', async () => {
		const mail = emailSender(`smtp://127.0.0.1:${port}`, '议事亭 <noreply@yst.example>');
		await mail.send({ to: 'resident@example.com', subject: '投票开始', text: '加装电梯的表决已开始', key: 'vote:1:opened:7:email' });
		mail.close();
		expect(got).toHaveLength(1);
		expect(got[0].to).toEqual(['resident@example.com']);
		expect(got[0].from).toBe('noreply@yst.example');
		expect(got[0].data).toMatch(/Message-ID: <vote.1.opened.7.email@127\.0\.0\.1>/i);
		expect(got[0].data).toContain('Subject: =?UTF-8?');
	});

	it('a mailbox the server refuses is a permanent failure', async () => {
		reject = true;
		const mail = emailSender(`smtp://127.0.0.1:${port}`, 'noreply@yst.example');
		const e = await failure(mail.send({ to: 'nobody@example.com', subject: 's', text: 't' }));
		mail.close();
		reject = false;
		expect(e.retry).toBe(false);
	});

	it('a server that cannot be reached is worth another try', async () => {
		const mail = emailSender('smtp://127.0.0.1:1', 'noreply@yst.example');
		const e = await failure(mail.send({ to: 'a@example.com', subject: 's', text: 't' }));
		mail.close();
		expect(e.retry).toBe(true);
	});
});
