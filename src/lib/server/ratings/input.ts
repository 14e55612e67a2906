/**
 * What the rating pages and the JSON API send: the valibot schemas are the routes' contract and the source of the
 * API documentation.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as time from '$lib/time';
import { id, moment, optionalText, phone, smallInt, text } from '../http/validate';

export const settingsSchema = v.object({
	minCount: smallInt(1, 1000, m.rating_err_min_count),
	/** in percent with up to one decimal in the form ("90" or "92.5"), or ‰ through the API */
	flagThresholdPermille: v.optional(smallInt(0, 1000, m.rating_err_threshold)),
	flagThresholdPercent: v.optional(
		v.pipe(
			v.union([v.number(), v.string()], m.rating_err_threshold),
			v.transform((x) => String(x).trim()),
			v.regex(/^\d{1,3}(\.\d)?$/, m.rating_err_threshold),
			v.transform((s) => Math.round(Number(s) * 10)),
			v.maxValue(1000, m.rating_err_threshold)
		)
	),
	followUpDays: smallInt(1, 120, m.rating_err_follow_up_days)
});

export const cadreSchema = v.object({
	name: text(20, m.err_name),
	post: text(40, m.rating_err_post),
	responsibilities: optionalText(500),
	gridId: v.optional(v.nullable(id)),
	active: v.optional(
		v.union([v.boolean(), v.pipe(v.string(), v.transform((s) => ['on', 'true', '1'].includes(s.trim())))]),
		true
	),
	position: v.optional(smallInt(0, 999, m.err_invalid_value), 0)
});

/** a closing date alone means the end of that Shanghai day */
export const endMoment = (message: () => string) =>
	v.pipe(
		v.string(message),
		v.trim(),
		v.transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? (time.endOfDay(s) ?? s) : s)),
		v.union([v.date(), moment(message, { date: true })], message)
	);

export const roundSchema = v.object({
	year: smallInt(2000, 2100, m.rating_err_quarter),
	quarter: smallInt(1, 4, m.rating_err_quarter),
	opensAt: v.optional(moment(m.rating_err_dates, { date: true })),
	closesAt: v.optional(endMoment(m.rating_err_dates))
});

export const levelSchema = v.pipe(
	v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^[1-5]$/), v.transform(Number))], m.rating_err_level),
	v.number(m.rating_err_level),
	v.integer(m.rating_err_level),
	v.minValue(1, m.rating_err_level),
	v.maxValue(5, m.rating_err_level)
);

export const rateSchema = v.object({
	ratings: v.pipe(
		v.array(
			v.object({
				cadreId: id,
				level: levelSchema,
				comment: optionalText(300)
			}),
			m.rating_err_none
		),
		v.minLength(1, m.rating_err_none),
		v.maxLength(100, m.rating_err_none)
	)
});

export const paperSchema = v.object({ phone, ...rateSchema.entries });

export const talkSchema = v.object({ cadreId: id, heldAt: moment(m.rating_err_held_at, { date: true }), note: text(1000) });
export const followUpSchema = v.object({ action: text(1000) });

export const roundUpdateSchema = v.object({
	opensAt: moment(m.rating_err_dates, { date: true }),
	closesAt: endMoment(m.rating_err_dates),
	/** a list, or one id (a form with one box ticked) */
	cadreIds: v.pipe(
		v.union([v.array(v.unknown()), v.pipe(v.union([v.string(), v.number()]), v.transform((x) => [x]))], m.rating_err_no_cadres),
		v.array(id, m.rating_err_no_cadres),
		v.minLength(1, m.rating_err_no_cadres)
	)
});

/**
 * The rating form's fields (level_<cadre>, comment_<cadre>) as the API's { ratings: [...] };
 * cadres left without a level are skipped. A bad level stays in so that its message shows.
 */
export function ratingsFromForm(values: Record<string, string>): { ratings: { cadreId: string; level: string; comment: string }[]; phone?: string } {
	const ratings = [];
	for (const [k, val] of Object.entries(values)) {
		const match = /^level_(\d{1,9})$/.exec(k);
		if (!match || val === '') continue;
		ratings.push({ cadreId: match[1], level: val, comment: values[`comment_${match[1]}`] ?? '' });
	}
	return { ratings, ...(values.phone !== undefined ? { phone: values.phone } : {}) };
}
