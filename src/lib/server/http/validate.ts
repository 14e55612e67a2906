import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import * as time from '$lib/time';
import { ServiceError } from '../errors';

// Any issue without a message of its own (a missing key, a wrong type) still reads in the user's language.
v.setGlobalMessage((issue) => (issue.received === 'undefined' ? m.err_required() : m.err_invalid_value()));

/** the schemas that take a set of fields, which valibot would also take from a list (`[]` has none of them) */
const FIELD_SETS = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest', 'variant']);

/** a `{…}` from JSON or a form: not a list, null, text, a number or an instance of some class */
export function isPlainObject(input: unknown): input is Record<string, unknown> {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
	const proto = Object.getPrototypeOf(input);
	return proto === Object.prototype || proto === null;
}

/**
 * Parses untrusted input; on failure throws a 400 whose fields carry the first message per field.
 * Where the schema is a set of fields, anything but a plain object (a JSON list, null) is refused as a whole.
 */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	if (FIELD_SETS.has(schema.type) && !isPlainObject(input)) {
		throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), { _: m.err_invalid_value() });
	}
	// PostgreSQL text cannot hold a NUL character, nor (PGlite) a lone surrogate from a JSON escape such as
	// "\ud800": refuse them here, beside the field, rather than fail in the database
	const bad = fieldsWithBadText(input);
	if (bad.length > 0) throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), Object.fromEntries(bad.map((k) => [k, m.err_bad_text()])));
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	const fields: Record<string, string> = {};
	for (const issue of result.issues) {
		const key = v.getDotPath(issue) ?? '_';
		if (!(key in fields)) fields[key] = issue.message;
	}
	throw new ServiceError(400, 'invalid_input', m.err_invalid_input(), fields);
}

/** text that PostgreSQL cannot store: a NUL character, or ill-formed Unicode (a lone surrogate) */
const unstorable = (s: string) => s.includes('\u0000') || !s.isWellFormed();

/** the dot paths of every string (or key) in a parsed body that the database could not store */
function fieldsWithBadText(input: unknown, path = '', out: string[] = [], depth = 0): string[] {
	if (typeof input === 'string') {
		if (unstorable(input)) out.push(path || '_');
	} else if (input && typeof input === 'object' && depth < 20) {
		for (const [k, val] of Object.entries(input)) {
			if (unstorable(k)) out.push(path || '_');
			else fieldsWithBadText(val, path ? `${path}.${k}` : k, out, depth + 1);
		}
	}
	return out;
}

/** Trimmed text; empty input is "missing". */
export const text = (max: number, message: () => string = m.err_required) =>
	v.pipe(
		v.string(m.err_required),
		v.trim(),
		v.nonEmpty(message),
		v.maxLength(max, message)
	);

export const phone = v.pipe(
	v.string(m.err_phone),
	v.trim(),
	v.regex(/^1[3-9]\d{9}$/, m.err_phone)
);

export const password = v.pipe(
	v.string(m.err_required),
	v.minLength(8, m.err_password_short),
	v.maxLength(128, m.err_password_long)
);

export const personName = text(20, m.err_name);

/** an id from a form field or a JSON number */
export const id = v.pipe(
	v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,9}$/), v.transform(Number))], m.err_required),
	v.number(),
	v.integer(m.err_required),
	v.minValue(1, m.err_required),
	v.maxValue(2_000_000_000, m.err_required)
);

/** a plain object from a FormData, keeping the typed values (files dropped) */
export function formObject(data: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, val] of data) if (typeof val === 'string') out[k] = val;
	return out;
}

/** a checkbox or JSON boolean: 'on', 'true' or '1' is true; absent is false */
export const flag = v.optional(
	v.union([v.boolean(), v.pipe(v.string(), v.transform((s) => ['on', 'true', '1'].includes(s.trim())))]),
	false
);

/** a whole number from min to max (up to five digits), from a form field or a JSON number */
export const smallInt = (min: number, max: number, message: () => string) =>
	v.pipe(
		v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,5}$/, message), v.transform(Number))], message),
		v.number(message),
		v.integer(message),
		v.minValue(min, message),
		v.maxValue(max, message)
	);

/** optional trimmed text of at most max characters; absent is '' */
export const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, m.err_invalid_input)), '');

/**
 * A zoned ISO time, or a form's datetime-local (no zone), which is Asia/Shanghai wall time.
 * With { date: true } a bare date (a form's type="date") is also taken, as Shanghai midnight. Impossible dates
 * (2026-02-30) and years outside 2000–2099 are refused with the field's message, never rolled over.
 */
export const moment = (message: () => string, opts: { date?: boolean } = {}) =>
	v.pipe(
		v.string(message),
		v.trim(),
		v.nonEmpty(message),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const at = time.parseWallTime(dataset.value, opts);
			if (at) return at;
			addIssue({ message });
			return NEVER;
		})
	);

/**
 * A form or JSON object with its blank fields ('' , null, undefined) left out, so that optional fields take their
 * defaults; with `keys`, only those fields (the optional ones) are dropped when blank. Anything that is not a plain
 * object (a list, null, text) is returned as it is, for the schema to refuse.
 */
export function dropBlank(input: unknown, ...keys: string[]): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	return Object.fromEntries(
		Object.entries(input).filter(([key, val]) => (keys.length > 0 && !keys.includes(key)) || (val !== '' && val !== null && val !== undefined))
	);
}

/**
 * Required fields left out of a JSON body count as empty, so they get the same message as an empty form field.
 * A missing body (null, undefined) is an empty one; a list or text is returned as it is, for the schema to refuse.
 */
export function filled(input: unknown, ...keys: string[]): unknown {
	if (input === null || input === undefined) input = {};
	if (typeof input !== 'object' || Array.isArray(input)) return input;
	return { ...Object.fromEntries(keys.map((k) => [k, ''])), ...input };
}
