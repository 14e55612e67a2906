/**
 * What leaves the site as paper or file: the printable ballot papers with the vote page's QR code, and the
 * ballot register as an XLSX workbook. Both for the committee only.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as art278 from '$lib/domain/art278';
import { unitLabel } from '$lib/labels/places';
import { shanghaiTime } from '$lib/time';
import { db } from '../db';
import * as table from '../db/schema';
import { requireCommittee, type Actor } from '../access';
import * as communities from '../communities';
import * as places from '../places';
import { qrSvg } from '../qr';
import { ServiceError } from '../errors';
import * as meetings from './meetings';
import { loadVote } from './lifecycle';
import { scopeUnits } from './roll';
import { detailOf, optionsOf, registerOf } from './views';

/** the vote page's address, for the QR code on paper ballots */
export const voteUrl = (origin: string, vote: { id: number; communityId: number }) => `${origin}/c/${vote.communityId}/votes/${vote.id}`;

/**
 * Printable ballot papers for the committee: one sheet per owner (binding: a head with all their units in
 * scope and the area counted) or per household (a per-household poll). Before opening the roll is counted
 * from the register now; once open it is the frozen roll. Each sheet carries a QR code of the vote page.
 */
export async function papers(actor: Actor, voteId: number, origin: string) {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	const community = await communities.get(vote.communityId);
	const [detail, scope, units] = await Promise.all([detailOf(vote, true), places.scopeNames(vote), scopeUnits(vote)]);
	const byId = new Map(units.map((u) => [u.id, u]));
	let sheets: { key: string; units: string[]; ownerName: string; areaDm2: number }[];
	if (vote.kind === 'binding') {
		const roll =
			vote.status === 'draft'
				? art278.buildRoll(units).map((h) => ({ headKey: h.key, areaDm2: h.areaDm2, unitIds: h.unitIds }))
				: await db
						.select({ headKey: table.voteRoll.headKey, areaDm2: table.voteRoll.areaDm2, unitIds: table.voteRoll.unitIds })
						.from(table.voteRoll)
						.where(eq(table.voteRoll.voteId, vote.id));
		const order = new Map(units.map((u, i) => [u.id, i]));
		sheets = roll
			.map((h) => {
				const own = h.unitIds.map((id) => byId.get(id)).filter((u) => u !== undefined);
				own.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
				return { key: h.headKey, units: own.map(unitLabel), ownerName: own[0]?.ownerName ?? '', areaDm2: h.areaDm2, first: order.get(own[0]?.id) ?? 0 };
			})
			.sort((a, b) => a.first - b.first)
			.map(({ first: _first, ...s }) => s);
	} else if (vote.eligibility === 'households') {
		sheets = units.map((u) => ({ key: `unit:${u.id}`, units: [unitLabel(u)], ownerName: u.ownerName, areaDm2: u.areaDm2 }));
	} else {
		throw new ServiceError(400, 'no_papers', m.vote_err_papers_residents());
	}
	const url = voteUrl(origin, vote);
	return { community: { id: community.id, name: community.name }, vote: detail, scopeNames: scope, url, qr: await qrSvg(url), sheets };
}

const CHOICE_ZH: Record<string, () => string> = { yes: m.vote_choice_yes, no: m.vote_choice_no, abstain: m.vote_choice_abstain };
const METHOD_ZH: Record<string, () => string> = { online: m.vote_method_online, paper: m.vote_method_paper, door: m.vote_method_door };

/** The ballot register as an XLSX workbook for the committee: one row per ballot (per participant, of an anonymous poll). */
export async function registerWorkbook(actor: Actor, voteId: number): Promise<{ fileName: string; bytes: Uint8Array }> {
	const vote = await loadVote(voteId);
	requireCommittee(actor, vote.communityId);
	const rows = await registerOf(vote);
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Yishiting';
	const sheet = book.addWorksheet(m.vote_register_sheet());
	// a meeting's ballot has a column per matter, an election's the candidates agreed to
	const { items, candidates } = await meetings.ballotParts(vote);
	const names = new Map(candidates.map((c) => [c.id, c.name]));
	const options = vote.kind === 'poll' ? new Map((await optionsOf(vote)).map((o) => [o.id, o.label])) : new Map<number, string>();
	sheet.columns = [
		{ header: m.vote_register_col_unit(), key: 'unit', width: 28 },
		{ header: m.vote_register_col_owner(), key: 'owner', width: 14 },
		{ header: m.vote_register_col_area(), key: 'area', width: 12, style: { numFmt: '0.00' } },
		...(vote.form === 'meeting'
			? items.map((it, i) => ({ header: m.meeting_item_heading({ n: i + 1, title: it.title }), key: `item_${it.id}`, width: 16 }))
			: [{ header: vote.form === 'election' ? m.election_register_col() : m.vote_register_col_choice(), key: 'choice', width: vote.form === 'election' ? 30 : 16 }]),
		{ header: m.vote_register_col_method(), key: 'method', width: 10 },
		{ header: m.vote_register_col_recorder(), key: 'recorder', width: 12 },
		// an anonymous poll's register has no times (views.registerOf)
		...(vote.anonymous ? [] : [{ header: m.vote_register_col_time(), key: 'time', width: 18 }])
	];
	sheet.getRow(1).font = { bold: true };
	for (const r of rows) {
		const b = r as Partial<{ ownerName: string | null; areaDm2: number; choice: string; voterName: string | null }> & typeof r;
		const poll = r as Partial<{ optionIds: number[] | null }>;
		const marks = r as Partial<{ choices: Record<string, string> | null; candidateIds: number[] | null }>;
		const perItem = Object.fromEntries(
			items.map((it) => [`item_${it.id}`, marks.choices?.[String(it.id)] ? CHOICE_ZH[marks.choices[String(it.id)]]() : m.meeting_register_blank()])
		);
		sheet.addRow({
			unit: unitLabel(r),
			owner: vote.kind === 'binding' ? (b.ownerName ?? '') : (b.voterName ?? ''),
			area: b.areaDm2 !== undefined ? b.areaDm2 / 100 : null,
			...(vote.form === 'meeting' ? perItem : {}),
			choice:
				vote.form === 'election'
					? (marks.candidateIds ?? []).map((id) => names.get(id) ?? '').join('、')
					: vote.kind === 'binding'
					? CHOICE_ZH[b.choice ?? 'abstain']()
					: poll.optionIds
						? poll.optionIds.map((o) => options.get(o) ?? '').join('、')
						: m.vote_register_anonymous(),
			method: METHOD_ZH[r.method](),
			recorder: r.recordedByName ?? '',
			...('createdAt' in r ? { time: shanghaiTime(r.createdAt) } : {})
		});
	}
	const bytes = new Uint8Array(await book.xlsx.writeBuffer());
	return { fileName: `vote-${vote.id}-register.xlsx`, bytes };
}
