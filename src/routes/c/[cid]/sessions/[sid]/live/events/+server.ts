/**
 * Server-Sent Events for the live board: the board's state now, then again after every change signal
 * (LISTEN/NOTIFY, so changes made through any server instance arrive). The stream ends after a while and
 * the browser reconnects, which checks access again.
 */
import { error } from '@sveltejs/kit';
import { inCommunity } from '$lib/server/http/community';
import { isServiceError } from '$lib/server/errors';
import * as live from '$lib/server/live';
import * as sessions from '$lib/server/sessions';
import type { RequestHandler } from './$types';

const HEARTBEAT_MS = 15_000;
const LIFETIME_MS = 10 * 60_000;

export const GET: RequestHandler = async ({ locals, params, request }) => {
	let sid: number;
	let first: Awaited<ReturnType<typeof sessions.liveState>>;
	try {
		// a malformed id is a 404 like any unknown one, not a 500
		sid = await inCommunity(params, 'session', params.sid);
		first = await sessions.liveState(locals.user, sid);
	} catch (e) {
		if (isServiceError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
	const actor = locals.user;
	const encoder = new TextEncoder();
	let cleanup = () => {};

	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			let closed = false;
			const write = (chunk: string) => {
				if (!closed) controller.enqueue(encoder.encode(chunk));
			};
			const send = (state: unknown) => write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
			// one re-read at a time; signals arriving meanwhile fold into one more read
			let running = false;
			let again = false;
			const refresh = async () => {
				if (running) {
					again = true;
					return;
				}
				running = true;
				try {
					do {
						again = false;
						send(await sessions.liveState(actor, sid));
					} while (again && !closed);
				} catch {
					cleanup();
				} finally {
					running = false;
				}
			};
			const unsubscribe = await live.subscribe(sid, () => void refresh());
			const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
			const lifetime = setTimeout(() => cleanup(), LIFETIME_MS);
			cleanup = () => {
				if (closed) return;
				closed = true;
				unsubscribe();
				clearInterval(heartbeat);
				clearTimeout(lifetime);
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			request.signal.addEventListener('abort', () => cleanup());
			write('retry: 2000\n\n');
			send(first);
			// a change between the first read and the subscription is not lost
			void refresh();
		},
		cancel() {
			cleanup();
		}
	});

	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
