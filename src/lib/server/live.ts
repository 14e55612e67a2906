/**
 * Change signals for sessions' live boards, through PostgreSQL LISTEN/NOTIFY so that a change made
 * through any server instance reaches the boards served by every other one. One LISTEN per process;
 * subscribers in this process are kept in a map by session id. Nothing else is kept in memory: a
 * subscriber re-reads the database when told.
 */
import { connection } from './db';

export const CHANNEL = 'yst_session_live';

type Listener = () => void;
const listeners = new Map<number, Set<Listener>>();
let listening: Promise<void> | null = null;

function dispatch(payload: string) {
	const id = Number(payload);
	for (const fn of listeners.get(id) ?? []) {
		try {
			fn();
		} catch (e) {
			console.error('live listener failed', e);
		}
	}
}

function ensureListening(): Promise<void> {
	if (!listening) {
		listening = connection()
			.then((c) => c.listen(CHANNEL, dispatch))
			.then(() => undefined)
			.catch((e) => {
				listening = null;
				throw e;
			});
	}
	return listening;
}

/** Calls `fn` whenever the session changes (from any instance); returns the unsubscribe function. */
export async function subscribe(sessionId: number, fn: Listener): Promise<() => void> {
	await ensureListening();
	let set = listeners.get(sessionId);
	if (!set) listeners.set(sessionId, (set = new Set()));
	set.add(fn);
	return () => {
		set.delete(fn);
		if (set.size === 0) listeners.delete(sessionId);
	};
}

/**
 * Tells every instance that the session changed. Call after the change is committed; a failure to
 * notify never undoes the change (boards also re-read on their own every little while).
 */
export async function notify(sessionId: number | null | undefined): Promise<void> {
	if (!sessionId) return;
	try {
		const c = await connection();
		await c.notify(CHANNEL, String(sessionId));
	} catch (e) {
		console.error('live notify failed', e);
	}
}
