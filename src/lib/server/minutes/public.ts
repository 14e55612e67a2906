/**
 * Published minutes for anyone with the link, when the committee has made minutes public: what was decided, not
 * who said it. Attendees, speakers, presenters, the people responsible and the committee's opinion (free text
 * that may name people) stay on the residents' pages.
 */
import { m } from '$lib/paraglide/messages';
import { ServiceError } from '../errors';
import { publicCommunity } from '../publicity';
import * as sessions from '../sessions';
import { latestVersion, parse } from './session';

export async function publicNotice(communityId: number, sessionId: number) {
	const community = await publicCommunity(communityId, 'minutes');
	const session = await sessions.loadSession(sessionId).catch(() => null);
	const latest = session && session.communityId === community.id ? await latestVersion(session.id) : null;
	if (!session || !latest) throw new ServiceError(404, 'not_found', m.err_not_found());
	const d = parse(latest.content);
	return {
		community: { id: community.id, name: community.name },
		session: { id: session.id, title: d.session.title, kind: d.session.kind, venue: d.session.venue, startsAt: d.session.startsAt },
		version: latest.version,
		contentHash: latest.contentHash,
		publishedAt: latest.publishedAt,
		agenda: d.agenda.map((a) => ({ position: a.position, title: a.title })),
		votes: d.votes.map((v) => ({ title: v.title, result: v.result })),
		resolutions: d.resolutions.map((r) => ({ number: r.number, text: r.text, deadline: r.deadline, topic: r.topic }))
	};
}
