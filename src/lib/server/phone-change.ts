/**
 * 更换手机号: a signed-in person moves their account to a new phone number, proved by a code texted to the new
 * number (the same rules as the registration codes: 6 digits, 10 minutes, 5 tries, throttled per phone and per
 * address). The current password is asked first, so a borrowed unlocked phone cannot move the account. A number
 * that already has an account gets no text and its code can never succeed; the answer is the same either way.
 * The old number is texted that the account moved.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { randomInt } from 'node:crypto';
import { m } from '$lib/paraglide/messages';
import * as auth from './auth';
import { requireUser, type Actor } from './access';
import { db } from './db';
import * as table from './db/schema';
import { isUniqueViolation, ServiceError } from './errors';
import { parseInput, phone } from './http/validate';
import * as sms from './notify/sms';
import { CODE_MINUTES, CODE_THROTTLE, checkTicketCode, codeError, codeHashOf, FinishSchema } from './people';

export const PhoneStartSchema = v.object(
	{
		phone,
		currentPassword: v.pipe(v.string(m.err_required), v.nonEmpty(m.err_required))
	},
	m.err_required
);

export const PhoneFinishSchema = FinishSchema;

/** Step 1: the password, then a code texted to the new number; returns the ticket step 2 hands back. */
export async function startPhoneChange(actor: Actor, input: unknown, clientAddress: string) {
	const user = requireUser(actor);
	const data = parseInput(PhoneStartSchema, input);
	if (data.phone === user.phone) throw new ServiceError(400, 'same_phone', m.err_invalid_input(), { phone: m.me_phone_same() });
	const passwordKey = `password:${user.id}`;
	const locked = await auth.lockedMinutes(passwordKey);
	if (locked > 0) throw new ServiceError(429, 'login_locked', m.err_login_locked({ minutes: locked }));
	const [row] = await db.select({ passwordHash: table.user.passwordHash }).from(table.user).where(eq(table.user.id, user.id));
	if (!row || !(await auth.verifyPassword(row.passwordHash, data.currentPassword))) {
		await auth.recordFailure(passwordKey, auth.THROTTLE.pair);
		throw new ServiceError(400, 'password_wrong', m.err_password_wrong(), { currentPassword: m.err_password_wrong() });
	}
	const phoneKey = `code:phone:${data.phone}`;
	const addressKey = `code:ip:${clientAddress}`;
	const wait = await auth.lockedMinutesOf([phoneKey, addressKey]);
	if (wait > 0) throw new ServiceError(429, 'code_throttled', m.people_code_throttled({ minutes: wait }));
	await auth.recordFailure(phoneKey, CODE_THROTTLE.phone);
	await auth.recordFailure(addressKey, CODE_THROTTLE.address);

	const [taken] = await db.select({ id: table.user.id }).from(table.user).where(eq(table.user.phone, data.phone));
	const ticket = auth.generateSessionToken();
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const expiresAt = new Date(Date.now() + CODE_MINUTES * 60_000);
	await db.insert(table.phoneCode).values({
		id: auth.sessionIdOf(ticket),
		purpose: 'phone_change',
		phone: data.phone,
		codeHash: codeHashOf(ticket, code),
		payload: taken ? null : { userId: user.id },
		expiresAt
	});
	if (!taken) await sms.sendSms(data.phone, 'phone_change_code', { code, minutes: String(CODE_MINUTES) });
	const sentTo = sms.maskPhone(data.phone);
	return { ticket, sentTo, expiresAt, message: m.people_code_sent({ phone: sentTo }) };
}

/** Step 2: the code from the text moves the account to the new number and tells the old one. */
export async function finishPhoneChange(actor: Actor, input: unknown) {
	const user = requireUser(actor);
	const data = parseInput(PhoneFinishSchema, input);
	const row = await checkTicketCode('phone_change', data);
	const id = row.id;
	// a ticket of another account fails like a wrong code (one for a number that has an account has no payload)
	if ((row.payload as { userId?: number }).userId !== user.id) throw codeError('code_wrong', m.people_code_wrong());
	const oldPhone = user.phone;
	try {
		await db.transaction(async (tx) => {
			const [used] = await tx.delete(table.phoneCode).where(eq(table.phoneCode.id, id)).returning({ id: table.phoneCode.id });
			if (!used) throw codeError('code_expired', m.people_code_expired());
			await tx.update(table.user).set({ phone: row.phone }).where(eq(table.user.id, user.id));
		});
	} catch (e) {
		// the number was registered by someone else meanwhile
		if (isUniqueViolation(e)) throw codeError('code_wrong', m.people_code_wrong());
		throw e;
	}
	await sms.sendSms(oldPhone, 'phone_changed', { phone: sms.maskPhone(row.phone) });
	return { phone: row.phone, message: m.me_phone_changed({ phone: sms.maskPhone(row.phone) }) };
}
