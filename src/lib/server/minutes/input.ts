/**
 * What the minutes service accepts: the valibot schemas the routes and the JSON API pass their input through,
 * and from which the API documentation is generated.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { id, optionalText, text } from '../http/validate';

export const recordSchema = v.object({
	agendaItemId: id,
	speaker: text(40, m.mins_err_speaker),
	speakerRole: optionalText(40),
	point: text(2000, m.mins_err_point)
});

export const recordEditSchema = v.object({
	speaker: text(40, m.mins_err_speaker),
	speakerRole: optionalText(40),
	point: text(2000, m.mins_err_point)
});

/**
 * The consultation opinion and nothing else: `opinion` must be there (blank clears it), so a misspelt key or a
 * stray body is refused instead of silently clearing the draft. A form's own `_form` marker is dropped first.
 */
export const opinionSchema = v.strictObject(
	{ opinion: v.pipe(v.string(m.mins_err_opinion), v.trim(), v.maxLength(5000, m.mins_err_opinion)) },
	// a missing opinion is named as such; anything else wrong with the body's shape is "only the opinion"
	(issue) => (issue.received === 'undefined' ? m.mins_err_opinion() : m.mins_err_opinion_only())
);

/** a form's own `_form` marker is not part of the opinion */
export const withoutFormMarker = (input: unknown) => {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const { _form, ...rest } = input as Record<string, unknown>;
	void _form;
	return rest;
};

export const publishSchema = v.object({ opinion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(5000, m.err_invalid_input))), reason: optionalText(500) });
