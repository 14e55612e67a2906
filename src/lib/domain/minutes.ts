/**
 * Minutes (会议纪要) as a plain document: assembled from a session's facts, serialised canonically so that
 * the same content always gives the same SHA-256 hash, and compared version to version in words a resident
 * can follow ("决议 2 的期限 由 12-31 改为 12-15"). No I/O here; the service stores and reads.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

export const MINUTES_FORMAT = 1;

/** the order attendees are listed in the minutes: community staff, deputies and officials, parties, residents */
export const ROLE_ORDER: readonly string[] = [
	'staff',
	'deputy',
	'cppcc',
	'authority',
	'utility',
	'property',
	'owners_committee',
	'merchant',
	'lawyer',
	'resident',
	'other'
];

export interface MinutesPerson {
	name: string;
	/** an organisation for outside parties (天然气公司), '' otherwise */
	organisation: string;
}

export interface MinutesDoc {
	format: number;
	community: string;
	session: { title: string; kind: string; venue: string; startsAt: string; endsAt: string | null };
	/** attendees grouped by role code, in the given role order; people in check-in order */
	attendees: { role: string; people: MinutesPerson[] }[];
	agenda: {
		id: number;
		position: number;
		title: string;
		presenter: string;
		discussion: { id: number; speaker: string; role: string; point: string }[];
	}[];
	/** votes taken in the session, their results in words (computed by the service from the count) */
	votes: { id: number; title: string; kind: string; result: string[] }[];
	resolutions: { id: number; number: number; text: string; responsible: string; deadline: string; topic: string }[];
	/** the consultation opinion (协商意见) the committee writes */
	opinion: string;
}

export interface MinutesSource {
	community: string;
	session: { title: string; kind: string; venue: string; startsAt: Date | string; endsAt: Date | string | null };
	attendees: { name: string; role: string; organisation?: string | null }[];
	agenda: { id: number; position: number; title: string; presenter?: string | null }[];
	records: { id: number; agendaItemId: number; speaker: string; role?: string | null; point: string }[];
	votes: { id: number; title: string; kind: string; result: string[] }[];
	resolutions: { id: number; text: string; responsible: string; deadline: string; topic?: string | null }[];
	opinion?: string | null;
}

const clean = (s: string | null | undefined) => (s ?? '').normalize('NFC').trim();
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The minutes document for a session. Attendees are grouped by role in `roleOrder` (roles not listed come
 * after, in order of first appearance); the agenda by position; records under their item in the order given;
 * resolutions numbered 1, 2, 3 in the order given.
 */
export function assemble(src: MinutesSource, roleOrder: readonly string[] = []): MinutesDoc {
	const roles: string[] = [...roleOrder];
	for (const a of src.attendees) if (!roles.includes(a.role)) roles.push(a.role);
	const attendees = roles
		.map((role) => ({
			role,
			people: src.attendees.filter((a) => a.role === role).map((a) => ({ name: clean(a.name), organisation: clean(a.organisation) }))
		}))
		.filter((g) => g.people.length > 0);
	const agenda = [...src.agenda]
		.sort((a, b) => a.position - b.position || a.id - b.id)
		.map((item) => ({
			id: item.id,
			position: item.position,
			title: clean(item.title),
			presenter: clean(item.presenter),
			discussion: src.records
				.filter((r) => r.agendaItemId === item.id)
				.map((r) => ({ id: r.id, speaker: clean(r.speaker), role: clean(r.role), point: clean(r.point) }))
		}));
	return {
		format: MINUTES_FORMAT,
		community: clean(src.community),
		session: {
			title: clean(src.session.title),
			kind: src.session.kind,
			venue: clean(src.session.venue),
			startsAt: iso(src.session.startsAt),
			endsAt: src.session.endsAt ? iso(src.session.endsAt) : null
		},
		attendees,
		agenda,
		votes: src.votes.map((v) => ({ id: v.id, title: clean(v.title), kind: v.kind, result: v.result.map(clean) })),
		resolutions: src.resolutions.map((r, i) => ({
			id: r.id,
			number: i + 1,
			text: clean(r.text),
			responsible: clean(r.responsible),
			deadline: r.deadline,
			topic: clean(r.topic)
		})),
		opinion: clean(src.opinion)
	};
}

/** JSON with object keys sorted at every level and no spaces: one text for one content */
export function canonical(value: unknown): string {
	if (value === null || typeof value !== 'object') {
		if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not a finite number');
		return JSON.stringify(value === undefined ? null : value);
	}
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	const keys = Object.keys(value as Record<string, unknown>)
		.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** SHA-256 of the canonical UTF-8 text, lower-case hex (64 characters) */
export function contentHash(doc: MinutesDoc): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical(doc))));
}

// ---------- what changed between two versions ----------

export type Section = 'session' | 'attendees' | 'agenda' | 'discussion' | 'votes' | 'resolutions' | 'opinion';

/** one readable line of the minutes: which part, which item (its number or role), which field, what it says */
export interface Line {
	key: string;
	section: Section;
	/** the item as a reader names it: the agenda position, the resolution number, the role code, the vote title */
	ref: string;
	field: string;
	text: string;
}

export interface Change {
	kind: 'added' | 'removed' | 'changed';
	section: Section;
	ref: string;
	field: string;
	before: string | null;
	after: string | null;
}

const timeText = (s: string | null) => s ?? '';

/** the document as keyed lines, in reading order */
export function lines(doc: MinutesDoc): Line[] {
	const out: Line[] = [];
	const add = (key: string, section: Section, ref: string, field: string, text: string) => out.push({ key, section, ref, field, text });
	add('session.title', 'session', '', 'title', doc.session.title);
	add('session.kind', 'session', '', 'kind', doc.session.kind);
	add('session.venue', 'session', '', 'venue', doc.session.venue);
	add('session.startsAt', 'session', '', 'startsAt', timeText(doc.session.startsAt));
	add('session.endsAt', 'session', '', 'endsAt', timeText(doc.session.endsAt));
	for (const g of doc.attendees) {
		add(`attendees.${g.role}`, 'attendees', g.role, 'people', g.people.map((p) => (p.organisation ? `${p.name}（${p.organisation}）` : p.name)).join('、'));
	}
	for (const item of doc.agenda) {
		const ref = String(item.position);
		add(`agenda.${item.id}.title`, 'agenda', ref, 'title', item.title);
		add(`agenda.${item.id}.presenter`, 'agenda', ref, 'presenter', item.presenter);
		for (const r of item.discussion) {
			add(`record.${r.id}`, 'discussion', ref, 'point', `${r.speaker}${r.role ? `（${r.role}）` : ''}：${r.point}`);
		}
	}
	for (const v of doc.votes) add(`vote.${v.id}`, 'votes', v.title, 'result', v.result.join('；'));
	for (const r of doc.resolutions) {
		const ref = String(r.number);
		add(`resolution.${r.id}.text`, 'resolutions', ref, 'text', r.text);
		add(`resolution.${r.id}.responsible`, 'resolutions', ref, 'responsible', r.responsible);
		add(`resolution.${r.id}.deadline`, 'resolutions', ref, 'deadline', r.deadline);
	}
	if (doc.opinion) add('opinion', 'opinion', '', 'text', doc.opinion);
	return out;
}

/**
 * What changed from `before` to `after`, in the new version's reading order, with removed lines where they
 * stood in the old one. An unchanged document gives no changes.
 */
export function diff(before: MinutesDoc, after: MinutesDoc): Change[] {
	const oldLines = lines(before);
	const newLines = lines(after);
	const oldByKey = new Map(oldLines.map((l) => [l.key, l]));
	const newKeys = new Set(newLines.map((l) => l.key));
	const changes: Change[] = [];
	const removedAfter = new Map<string | null, Change[]>();
	let previousKept: string | null = null;
	for (const l of oldLines) {
		if (!newKeys.has(l.key)) {
			const list = removedAfter.get(previousKept) ?? [];
			list.push({ kind: 'removed', section: l.section, ref: l.ref, field: l.field, before: l.text, after: null });
			removedAfter.set(previousKept, list);
		} else previousKept = l.key;
	}
	changes.push(...(removedAfter.get(null) ?? []));
	for (const l of newLines) {
		const old = oldByKey.get(l.key);
		if (!old) changes.push({ kind: 'added', section: l.section, ref: l.ref, field: l.field, before: null, after: l.text });
		else if (old.text !== l.text) changes.push({ kind: 'changed', section: l.section, ref: l.ref, field: l.field, before: old.text, after: l.text });
		changes.push(...(removedAfter.get(l.key) ?? []));
	}
	return changes;
}
