/**
 * The fast lane of the production server (src/server.js): a committee member entering a box of paper ballots
 * through `POST /api/v1/votes/{id}/ballots` with a Bearer token is the busiest write of the site, and SvelteKit's
 * own request handling (a WHATWG Request and Response per request, web streams, the hooks) costs several times
 * what the ballot itself does. This lane takes only that request, straight from Node's HTTP server, and records
 * it with votes.recordPaperBallot (session, committee membership, open vote, roll and audit entry checked and
 * written in one statement). It answers only when the ballot went in; everything else — another route, a cookie
 * instead of a Bearer token, another content type, another site's page, bad JSON, a refused or doubled ballot, a
 * database error — is handed to SvelteKit with the body it read replayed, and the route answers it exactly as
 * without the lane.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import * as auth from '../auth';
import { SECURITY_HEADERS } from '../http/headers';
import { recordPaperBallot } from './ballots';

const BALLOTS = /^\/api\/v1\/votes\/(\d{1,9})\/ballots$/;
/** a paper ballot is well under 200 bytes; anything bigger is SvelteKit's to read and judge */
const MAX_BODY = 4096;
const HEADERS = { 'content-type': 'application/json', ...SECURITY_HEADERS };

/** the site's origin as adapter-node takes it (ORIGIN); unset, no Origin header counts as this site's */
function siteOrigin(): string | null {
	try {
		return process.env.ORIGIN ? new URL(process.env.ORIGIN).origin : null;
	} catch {
		return null;
	}
}

/**
 * The cross-site rule. SvelteKit refuses a form-encoded, multipart or text/plain POST whose Origin is not the
 * site's own (its CSRF check) and lets JSON through to the route. The lane takes only what that check cannot
 * have refused and what the route would record: JSON, sent by an API client (no Origin header) or by a page of
 * this site. A request from another site's page, or of any other type, goes on to SvelteKit, which decides.
 */
export function laneMayTake(headers: IncomingHttpHeaders): boolean {
	const type = headers['content-type']?.split(';', 1)[0].trim().toLowerCase();
	if (type !== 'application/json') return false;
	const origin = headers.origin;
	return origin === undefined || origin === siteOrigin();
}

type Next = (req: IncomingMessage) => void;

/** the request again, for SvelteKit, with the body already read from it */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
	const again = Readable.from(body.length > 0 ? [body] : [], { objectMode: false });
	return Object.assign(again, {
		headers: req.headers,
		rawHeaders: req.rawHeaders,
		method: req.method,
		url: req.url,
		httpVersion: req.httpVersion,
		httpVersionMajor: req.httpVersionMajor,
		httpVersionMinor: req.httpVersionMinor,
		socket: req.socket,
		connection: req.socket,
		complete: true,
		trailers: {},
		rawTrailers: []
	}) as unknown as IncomingMessage;
}

export function fastLane(req: IncomingMessage, res: ServerResponse, next: Next): void {
	const match = req.method === 'POST' ? BALLOTS.exec(req.url ?? '') : null;
	const authorization = req.headers.authorization;
	const length = Number(req.headers['content-length']);
	if (!match || !authorization?.startsWith('Bearer ') || !(length > 0 && length <= MAX_BODY) || !laneMayTake(req.headers)) {
		return next(req);
	}
	const token = authorization.slice(7).trim();
	const voteId = Number(match[1]);
	const chunks: Buffer[] = [];
	let size = 0;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		chunks.push(chunk);
	});
	req.on('error', () => res.destroy());
	req.on('end', async () => {
		const body = Buffer.concat(chunks);
		let recorded: { id: number; changed: boolean } | null = null;
		try {
			if (token && size === length) {
				recorded = await recordPaperBallot(auth.sessionIdOf(token), voteId, JSON.parse(body.toString('utf8')), auth.noRenewalBefore());
			}
		} catch {
			recorded = null; // bad JSON, already voted, database trouble: the route says so in its own words
		}
		if (!recorded) return next(replay(req, body));
		const text = JSON.stringify(recorded);
		res.writeHead(201, { ...HEADERS, 'content-length': Buffer.byteLength(text) }).end(text);
	});
}

/** where hooks.server.ts leaves the lane for src/server.js, which starts before SvelteKit's modules are loaded */
export const FAST_LANE = Symbol.for('yishiting.fast-lane');
