/**
 * A reporter without an account finds the requests they reported by the phone they left: a code texted to that
 * phone (6 digits, 10 minutes, 5 tries, throttled with the other codes), then the list. The answer to step 1 is the
 * same whether or not the phone left any request, and only a phone that did is texted, so nobody learns who
 * reported what and strangers' phones are not texted.
 */
import { desc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { randomInt } from 'node:crypto';
import { m } from '$lib/paraglide/messages';
import * as auth from '../auth';
import { db } from '../db';
import * as table from '../db/schema';
import { ServiceError } from '../errors';
import { parseInput, phone } from '../http/validate';
import * as sms from '../notify/sms';
import { CODE_MINUTES, CODE_THROTTLE, checkTicketCode, codeHashOf, FinishSchema } from '../people';
import { forReporter } from './views';

export const LookupStartSchema = v.object({ phone }, m.err_required);
export const LookupFinishSchema = FinishSchema;
/** the newest requests of a phone that are shown */
const LIMIT = 20;

export async function startLookup(input: unknown, clientAddress: string) {
	const data = parseInput(LookupStartSchema, input);
	const phoneKey = `code:phone:${data.phone}`;
	const addressKey = `code:ip:${clientAddress}`;
	const wait = await auth.lockedMinutesOf([phoneKey, addressKey]);
	if (wait > 0) throw new ServiceError(429, 'code_throttled', m.people_code_throttled({ minutes: wait }));
	await auth.recordFailure(phoneKey, CODE_THROTTLE.phone);
	await auth.recordFailure(addressKey, CODE_THROTTLE.address);
	const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(table.request).where(eq(table.request.reporterPhone, data.phone));
	const ticket = auth.generateSessionToken();
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	await db.insert(table.phoneCode).values({
		id: auth.sessionIdOf(ticket),
		purpose: 'lookup',
		phone: data.phone,
		codeHash: codeHashOf(ticket, code),
		payload: n > 0 ? { found: n } : null,
		expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000)
	});
	if (n > 0) await sms.sendSms(data.phone, 'lookup_code', { code, minutes: String(CODE_MINUTES) });
	const sentTo = sms.maskPhone(data.phone);
	return { ticket, sentTo, message: m.req_lookup_sent({ phone: sentTo }) };
}

/** the code: the phone's requests, newest first, as their tracking pages show them (without photos) */
export async function finishLookup(input: unknown) {
	const data = parseInput(LookupFinishSchema, input);
	// a phone that left nothing was texted nothing: its ticket (no payload) fails like a wrong code
	const row = await checkTicketCode('lookup', data);
	await db.delete(table.phoneCode).where(eq(table.phoneCode.id, row.id));
	const rows = await db.select().from(table.request).where(eq(table.request.reporterPhone, row.phone)).orderBy(desc(table.request.reportedAt), desc(table.request.id)).limit(LIMIT);
	return { requests: await Promise.all(rows.map(forReporter)) };
}
