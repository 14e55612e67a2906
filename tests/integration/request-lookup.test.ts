/**
 * A reporter without an account finds their requests by the phone they left and a texted code (issue 15 item 6):
 * the same answer for a phone that left nothing (which is not texted), only that phone's requests, a code used once.
 */
import { describe, expect, it } from 'vitest';
import * as requests from '$lib/server/requests';
import { lastSmsTo, messagesTo } from '../support/sms-outbox';
import { makeCommunity, refusal } from './fixtures';

const valid = { category: 'facility', description: '1单元楼道灯不亮，晚上上下楼很危险。', location: '1单元3楼楼道', contactPreference: 'phone' };
let addr = 0;
const freshAddress = () => `10.88.${Math.floor(++addr / 250)}.${addr % 250}`;
const phoneOf = (n: number) => `1390${String(Date.now()).slice(-6)}${n}`;

describe('looking up one’s requests by phone', () => {
	it('texts a code only to a phone that reported, answers alike for any phone, and shows that phone’s requests only', async () => {
		const A = await makeCommunity();
		const B = await makeCommunity();
		const mine = phoneOf(1);
		const someoneElse = phoneOf(2);
		const nobody = phoneOf(3);
		await requests.report(null, A.community.id, { ...valid, reporterPhone: mine, description: '路灯坏了，晚上很黑。' });
		await requests.report(null, B.community.id, { ...valid, reporterPhone: mine, description: '下水道堵了，污水外溢。' });
		await requests.report(null, A.community.id, { ...valid, reporterPhone: someoneElse, description: '邻居家的狗夜里叫。' });

		const a = await requests.startLookup({ phone: mine }, freshAddress());
		const b = await requests.startLookup({ phone: nobody }, freshAddress());
		expect(a.message.replace(/1\d\d\*{4}\d{4}/, '_')).toBe(b.message.replace(/1\d\d\*{4}\d{4}/, '_'));
		expect(messagesTo(nobody)).toEqual([]);
		expect(lastSmsTo(mine).template).toBe('lookup_code');

		// the phone that left nothing fails like a wrong code; a wrong code is refused beside the field
		expect((await refusal(requests.finishLookup({ ticket: b.ticket, code: '000000' }))).fields).toEqual({ code: '验证码错误' });
		const code = lastSmsTo(mine).params.code;
		const wrong = code === '111111' ? '222222' : '111111';
		expect((await refusal(requests.finishLookup({ ticket: a.ticket, code: wrong }))).fields).toEqual({ code: '验证码错误' });

		const found = await requests.finishLookup({ ticket: a.ticket, code });
		expect(found.requests.map((r) => r.description).sort()).toEqual(['下水道堵了，污水外溢。', '路灯坏了，晚上很黑。']);
		expect(found.requests.map((r) => r.communityName).sort()).toEqual([A.community.name, B.community.name].sort());
		expect(JSON.stringify(found)).not.toContain('邻居家的狗');
		// the code works once
		expect((await refusal(requests.finishLookup({ ticket: a.ticket, code }))).code).toBe('code_expired');
	});

	it('a malformed phone is refused beside the field; asking is throttled per phone in Chinese', async () => {
		expect((await refusal(requests.startLookup({ phone: '12345' }, freshAddress()))).fields.phone).toMatch(/手机号/);
		const phone = phoneOf(4);
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push(await requests.startLookup({ phone }, freshAddress()).then(() => 200, (e) => e.status));
		expect(statuses).toEqual([200, 200, 200, 429]);
	});
});
