/**
 * 忘记密码: getting back into an account.
 *
 * By text: `startReset({ phone })` always answers the same (whether or not the phone has an account, so the form
 * tells nobody which phones are registered) and texts a 6-digit code only to a registered phone;
 * `finishReset({ phone, code, password, passwordConfirm })` sets the new password, signs the account out
 * everywhere and texts the owner that it happened. Codes last 10 minutes, 5 wrong tries spend one, and codes are
 * throttled per phone and per address together with the registration codes.
 *
 * At the counter, for a resident whose phone takes no texts: the committee checks the person and prints a slip with
 * a one-time 8-character code (valid 3 days, recorded in the audit log); the resident enters it where the texted
 * code would go. Only the code's hash is kept, so the slip is shown once.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { m } from '$lib/paraglide/messages';
import * as auth from './auth';
import * as audit from './audit';
import { requireCommittee, type Actor } from './access';
import { db } from './db';
import * as table from './db/schema';
import { ServiceError } from './errors';
import { parseInput, password, phone } from './http/validate';
import * as sms from './notify/sms';
import { CODE_ATTEMPTS, CODE_MINUTES, CODE_THROTTLE, codeError, codeHashOf, requireStrongPassword } from './people';

/** the slip's code: 8 characters that cannot be misread for each other on paper (no 0/O, 1/I/L) */
const SLIP_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const SLIP_HOURS = 72;

export const ResetStartSchema = v.object({ phone }, m.err_required);

/** a texted code (6 digits) or a slip's code (8 letters and digits; spaces, dashes and case do not matter) */
const resetCode = v.pipe(
	v.string(m.people_reset_code_format),
	v.transform((s) => s.replace(/[\s-]/g, '').toUpperCase()),
	v.regex(/^(\d{6}|[A-Z2-9]{8})$/, m.people_reset_code_format)
);

export const ResetFinishSchema = v.pipe(
	v.object(
		{
			phone,
			code: resetCode,
			password,
			passwordConfirm: v.string(m.people_password_mismatch)
		},
		m.err_required
	),
	v.forward(
		v.partialCheck([['password'], ['passwordConfirm']], (i) => i.password === i.passwordConfirm, m.people_password_mismatch),
		['passwordConfirm']
	)
);

/** Step 1: the same answer for every phone; a code is texted only where there is an account. */
export async function startReset(input: unknown, clientAddress: string) {
	const data = parseInput(ResetStartSchema, input);
	const phoneKey = `code:phone:${data.phone}`;
	const addressKey = `code:ip:${clientAddress}`;
	const wait = await auth.lockedMinutesOf([phoneKey, addressKey]);
	if (wait > 0) throw new ServiceError(429, 'code_throttled', m.people_code_throttled({ minutes: wait }));
	await auth.recordFailure(phoneKey, CODE_THROTTLE.phone);
	await auth.recordFailure(addressKey, CODE_THROTTLE.address);

	const [user] = await db.select({ id: table.user.id }).from(table.user).where(eq(table.user.phone, data.phone));
	const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
	const id = auth.sessionIdOf(auth.generateSessionToken());
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	// a code row either way (one without an account can never succeed), so step 2 answers alike for every phone too
	await db.transaction(async (tx) => {
		// only the newest code counts
		await tx.delete(table.phoneCode).where(and(eq(table.phoneCode.phone, data.phone), eq(table.phoneCode.purpose, 'reset')));
		await tx.insert(table.phoneCode).values({ id, purpose: 'reset', phone: data.phone, codeHash: codeHashOf(id, code), payload: user ? { userId: user.id } : null, expiresAt });
	});
	if (user) await sms.sendSms(data.phone, 'reset_code', { code, minutes: String(CODE_MINUTES) });
	const sentTo = sms.maskPhone(data.phone);
	return { sentTo, expiresAt, message: m.people_reset_sent({ phone: sentTo }) };
}

/** Step 2: a right code (texted or from a slip) sets the new password and ends every session of the account. */
export async function finishReset(input: unknown) {
	const data = parseInput(ResetFinishSchema, input);
	const purpose = /^\d{6}$/.test(data.code) ? 'reset' : 'reset_slip';
	// every try counts against the newest unexpired code of the phone, right or wrong
	const [row] = await db
		.update(table.phoneCode)
		.set({ attempts: sql`${table.phoneCode.attempts} + 1` })
		.where(
			eq(
				table.phoneCode.id,
				db
					.select({ id: table.phoneCode.id })
					.from(table.phoneCode)
					.where(and(eq(table.phoneCode.phone, data.phone), eq(table.phoneCode.purpose, purpose), gt(table.phoneCode.expiresAt, sql`now()`)))
					.orderBy(desc(table.phoneCode.createdAt))
					.limit(1)
			)
		)
		.returning();
	// a slip that was never printed answers like a wrong one: nobody learns whose slips exist
	if (!row) throw purpose === 'reset' ? codeError('code_expired', m.people_code_expired()) : codeError('code_wrong', m.people_code_wrong());
	if (row.attempts > CODE_ATTEMPTS) throw codeError('code_attempts', m.people_code_attempts());
	const right = timingSafeEqual(Buffer.from(codeHashOf(row.id, data.code), 'hex'), Buffer.from(row.codeHash, 'hex'));
	const userId = (row.payload as { userId?: number } | null)?.userId;
	if (!right || !userId) throw codeError('code_wrong', m.people_code_wrong());
	const [user] = await db.select({ id: table.user.id, name: table.user.name }).from(table.user).where(eq(table.user.id, userId));
	if (!user) throw codeError('code_wrong', m.people_code_wrong());
	await requireStrongPassword('password', data.password, [data.phone, user.name]);
	const passwordHash = await auth.hashPassword(data.password);
	await db.transaction(async (tx) => {
		// whoever deletes the code uses it: two tabs sending it at once set one password
		const [used] = await tx.delete(table.phoneCode).where(eq(table.phoneCode.id, row.id)).returning({ id: table.phoneCode.id });
		if (!used) throw codeError('code_expired', m.people_code_expired());
		await tx.update(table.user).set({ passwordHash }).where(eq(table.user.id, user.id));
		await tx.delete(table.session).where(eq(table.session.userId, user.id));
	});
	// the person may have locked themselves out before asking: the phone's sign-in counts start again
	await auth.clearFailuresOfPhone(data.phone);
	await sms.sendSms(data.phone, 'password_changed');
	return { message: m.people_reset_done() };
}

async function memberOf(actor: Actor, communityId: number, membershipId: number) {
	requireCommittee(actor, communityId);
	const [member] = await db
		.select({ userId: table.user.id, name: table.user.name, phone: table.user.phone })
		.from(table.membership)
		.innerJoin(table.user, eq(table.user.id, table.membership.userId))
		.where(and(eq(table.membership.id, membershipId), eq(table.membership.communityId, communityId)));
	if (!member) throw new ServiceError(404, 'not_found', m.err_not_found());
	return member;
}

/** whom a slip would be for, as the committee sees them before printing */
export async function slipFor(actor: Actor, communityId: number, membershipId: number) {
	const member = await memberOf(actor, communityId, membershipId);
	return { name: member.name, phone: sms.maskPhone(member.phone) };
}

/** The committee, after checking the person at the counter, prints a one-time reset slip for a member. */
export async function issueResetSlip(actor: Actor, communityId: number, membershipId: number) {
	const member = await memberOf(actor, communityId, membershipId);
	const code = Array.from({ length: 8 }, () => SLIP_ALPHABET[randomInt(0, SLIP_ALPHABET.length)]).join('');
	const id = auth.sessionIdOf(auth.generateSessionToken());
	const expiresAt = new Date(Date.now() + SLIP_HOURS * 3600_000);
	await db.transaction(async (tx) => {
		await tx.delete(table.phoneCode).where(and(eq(table.phoneCode.phone, member.phone), eq(table.phoneCode.purpose, 'reset_slip')));
		await tx.insert(table.phoneCode).values({ id, purpose: 'reset_slip', phone: member.phone, codeHash: codeHashOf(id, code), payload: { userId: member.userId }, expiresAt });
		await audit.record(tx, actor, { communityId, action: 'account.reset_slip_issued', targetType: 'membership', targetId: membershipId, detail: { name: member.name } });
	});
	return { name: member.name, phone: sms.maskPhone(member.phone), code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
}
