/**
 * The published minutes as a Word document (.docx, the format street offices file): the latest version's stored
 * text, word for word as on the public page, with its number and its SHA-256 content hash. Always in Chinese, like
 * the minutes themselves. Read by whoever may read the A4 notice, under the same check.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { m } from '$lib/paraglide/messages';
import type { MinutesDoc } from '$lib/domain/minutes';
import { KIND_NAMES, ROLE_NAMES } from '$lib/labels/sessions';
import type { ParticipantRole, SessionKind } from '../db/schema';
import { shanghaiDate, shanghaiTime } from '$lib/time';
import type { Actor } from '../access';
import { zh } from './session';
import { notice } from './views';

/** a label from $lib/labels in Chinese, whatever the reader's language */
const inZh = (label: (() => string) | undefined, fallback: string) =>
	label ? (label as unknown as (inputs: Record<string, never>, options: typeof zh) => string)({}, zh) : fallback;
const kindZh = (k: string) => inZh(KIND_NAMES[k as SessionKind], k);
const roleZh = (r: string) => inZh(ROLE_NAMES[r as ParticipantRole], r);

const text = (s: string, opts: { bold?: boolean } = {}) => new TextRun({ text: s, ...opts });
const para = (s: string, opts: { bold?: boolean; center?: boolean; right?: boolean; indent?: boolean } = {}) =>
	new Paragraph({
		children: [text(s, { bold: opts.bold })],
		alignment: opts.center ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : undefined,
		// two characters (of 12 pt) in, as Chinese documents indent the points under an item
		indent: opts.indent ? { left: 480 } : undefined
	});
const labelled = (label: string, value: string) => new Paragraph({ children: [text(`${label}：`, { bold: true }), text(value)] });
const heading = (s: string) => new Paragraph({ text: s, heading: HeadingLevel.HEADING_1 });

/** the body of one version, in the order and words of the minutes page (MinutesDocument.svelte) */
function body(d: MinutesDoc): Paragraph[] {
	const out: Paragraph[] = [];
	const s = d.session;
	out.push(labelled(m.mins_field_title({}, zh), s.title));
	out.push(labelled(m.mins_field_kind({}, zh), kindZh(s.kind)));
	out.push(labelled(m.mins_field_time({}, zh), `${shanghaiTime(s.startsAt)}${s.endsAt ? ` — ${shanghaiTime(s.endsAt).slice(11)}` : ''}`));
	if (s.venue) out.push(labelled(m.mins_field_venue({}, zh), s.venue));

	const count = d.attendees.reduce((n, g) => n + g.people.length, 0);
	out.push(heading(m.mins_attendees_heading({ count }, zh)));
	if (d.attendees.length === 0) out.push(para(m.mins_no_attendees({}, zh)));
	for (const g of d.attendees) {
		const names = g.people.map((p) => (p.organisation ? `${p.name}（${p.organisation}）` : p.name)).join('、');
		out.push(new Paragraph({ children: [text(`${roleZh(g.role)}（${g.people.length}）：`, { bold: true }), text(names)] }));
	}

	out.push(heading(m.mins_agenda_heading({}, zh)));
	d.agenda.forEach((item, i) => {
		out.push(para(`${i + 1}. ${item.title}${item.presenter ? `（${m.mins_field_presenter({}, zh)}：${item.presenter}）` : ''}`, { bold: true }));
		if (item.discussion.length === 0) out.push(para(m.mins_no_discussion({}, zh), { indent: true }));
		for (const r of item.discussion) {
			out.push(new Paragraph({ children: [text(r.speaker, { bold: true }), text(`${r.role ? `（${r.role}）` : ''}：${r.point}`)], indent: { left: 480 } }));
		}
	});

	if (d.votes.length > 0) {
		out.push(heading(m.mins_section_votes({}, zh)));
		for (const v of d.votes) out.push(new Paragraph({ children: [text(v.title, { bold: true }), text(`：${v.result.join('；')}`)] }));
	}
	if (d.opinion) {
		out.push(heading(m.mins_section_opinion({}, zh)));
		for (const line of d.opinion.split('\n')) out.push(para(line));
	}

	out.push(heading(m.mins_section_resolutions({}, zh)));
	if (d.resolutions.length === 0) out.push(para(m.mins_no_resolutions({}, zh)));
	for (const r of d.resolutions) {
		out.push(para(`${r.number}. ${r.text}`));
		out.push(para(`${m.mins_field_responsible({}, zh)}：${r.responsible} · ${m.mins_field_deadline({}, zh)}：${r.deadline}`, { indent: true }));
	}
	return out;
}

/** The latest published version of a session's minutes as a .docx file, with the name to save it under. */
export async function docx(actor: Actor, sessionId: number): Promise<{ filename: string; asciiName: string; bytes: Buffer }> {
	const n = await notice(actor, sessionId);
	const v = n.latest;
	const children: Paragraph[] = [
		para(n.community.name, { center: true }),
		new Paragraph({ text: m.mins_title({}, zh), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
		para(n.session.title, { bold: true, center: true }),
		para(m.mins_notice_version({ version: v.version, at: shanghaiTime(v.publishedAt) }, zh), { center: true }),
		...body(v.document)
	];
	if (v.reason) children.push(labelled(m.mins_field_reason({}, zh), v.reason));
	children.push(
		para(''),
		para(`${m.mins_hash_label({}, zh)} ${v.contentHash}`),
		...(v.intact ? [] : [para(m.mins_hash_broken({}, zh), { bold: true })]),
		para(`${n.community.name}${m.mins_notice_issuer({}, zh)}`, { right: true }),
		para(shanghaiDate(v.publishedAt), { right: true })
	);
	const title = `${n.session.title} ${m.mins_title({}, zh)}`;
	const file = new Document({
		creator: n.community.name,
		title,
		subject: m.mins_notice_version({ version: v.version, at: shanghaiTime(v.publishedAt) }, zh),
		description: `${m.mins_hash_label({}, zh)} ${v.contentHash}`,
		styles: {
			// 宋体 12 pt for the text, as offices print; Word falls back to a CJK font it has where SimSun is missing
			default: { document: { run: { font: { ascii: 'SimSun', eastAsia: 'SimSun', hAnsi: 'SimSun' }, size: 24 } } }
		},
		sections: [{ children }]
	});
	return {
		filename: `${m.mins_title({}, zh)}-${n.session.title}-第${v.version}版.docx`,
		asciiName: `minutes-${n.session.id}-v${v.version}.docx`,
		bytes: await Packer.toBuffer(file)
	};
}
