/**
 * What a resident request's forms and JSON bodies may carry: the routes' contract and the source of the API docs.
 * Messages are the field's own, in the reader's language.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { CONTACT_PREFERENCES, EVALUATION_RATINGS, REQUEST_CATEGORIES, REQUEST_COLOURS } from '../db/schema';
import { ServiceError } from '../errors';
import { id, moment, phone, text } from '../http/validate';

const optionalText = (max: number, message: () => string) =>
	v.optional(v.pipe(v.string(message), v.trim(), v.maxLength(max, message)), '');

export const ReportInput = v.object({
	category: v.picklist(REQUEST_CATEGORIES, m.req_err_category),
	description: text(1000, m.req_err_description),
	location: optionalText(100, m.req_err_location),
	contactPreference: v.optional(v.picklist(CONTACT_PREFERENCES, m.req_err_contact), 'phone'),
	buildingId: v.optional(id),
	entranceId: v.optional(id),
	reporterPhone: v.optional(phone),
	reporterName: optionalText(20, m.req_err_name)
});

/** without an account the phone number is required */
export const AnonymousReportInput = v.object({ ...ReportInput.entries, reporterPhone: phone });

/** a zoned ISO time, or a form's datetime-local (no zone), which is Asia/Shanghai wall time */
const when = moment(m.req_err_time);

const note = optionalText(1000, m.req_err_note);

export const ClassifyInput = v.object({ colour: v.picklist(REQUEST_COLOURS, m.req_err_colour), note });

/** the 515303 steps recorded by hand: respond, arrive, initial plan, and the visit after closing */
export const STEPS = ['respond', 'arrive', 'plan', 'followup'] as const;
export type StepName = (typeof STEPS)[number];
export const StepInput = v.object({ step: v.picklist(STEPS, m.req_err_step), at: v.optional(when), note });

export const DispatchInput = v.object({ party: text(60, m.req_err_party), note });
export const UpdateInput = v.object({ body: text(1000, m.req_err_note_required) });
export const CloseInput = v.object({ result: text(1000, m.req_err_note_required) });
export const EscalateInput = v.object({ note });
export const EvaluateInput = v.object({
	rating: v.picklist(EVALUATION_RATINGS, m.req_err_rating),
	comment: optionalText(500, m.req_err_note)
});

export const MonthInput = v.pipe(v.string(m.req_err_month), v.trim(), v.regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, m.req_err_month));

export const DESK_STATUSES = ['open', 'new', 'handling', 'closed', 'escalated', 'overdue', 'all'] as const;
export const DeskInput = v.object({ status: v.optional(v.picklist(DESK_STATUSES, m.err_invalid_input), 'open') });

export const PosterInput = v.object({
	per: v.optional(v.picklist(['building', 'entrance'] as const, m.err_invalid_input), 'building'),
	estateId: v.optional(id)
});

export const MAX_PHOTOS = 3;

export const invalid = (fields: Record<string, string>) => new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);

/** photos in a JSON report: `photos: [{ name, data }]` with the bytes in base64 */
export function photosFromJson(input: unknown): { name: string; bytes: Uint8Array }[] {
	const list = input && typeof input === 'object' && !Array.isArray(input) ? (input as { photos?: unknown }).photos : undefined;
	if (list === undefined || list === null) return [];
	const bad = () => invalid({ photos: m.req_err_photo_json() });
	if (!Array.isArray(list)) throw bad();
	if (list.length > MAX_PHOTOS) throw invalid({ photos: m.req_err_photos({ max: MAX_PHOTOS }) });
	return list.map((p) => {
		if (!p || typeof p !== 'object') throw bad();
		const { name, data } = p as { name?: unknown; data?: unknown };
		if (typeof name !== 'string' || typeof data !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw bad();
		return { name, bytes: new Uint8Array(Buffer.from(data, 'base64')) };
	});
}
