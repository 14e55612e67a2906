/**
 * The production server: `npm run build`, then `node src/server.js` (what `npm start` runs).
 *
 * It is adapter-node's own server (build/index.js) with one addition, written the way adapter-node documents a
 * custom server (import build/handler.js, serve it from Node's HTTP server): before SvelteKit sees a request it
 * is offered to the fast lane (src/lib/server/votes/fast-lane.ts), which takes only a committee member's paper ballot
 * sent as JSON with a Bearer token (and not from another site's page) and hands everything else to SvelteKit unchanged. The settings are adapter-node's:
 * HOST, PORT, ORIGIN, BODY_SIZE_LIMIT, SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT; SIGTERM/SIGINT stop
 * taking requests, let those in flight finish (at most SHUTDOWN_TIMEOUT seconds) and then emit
 * 'sveltekit:shutdown', on which the app closes its database. `node build/index.js` still works, without the lane.
 */
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const build = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../build');
// loading the handler runs the app's init (database, migrations), which leaves the lane on globalThis
const { handler } = await import(pathToFileURL(path.join(build, 'handler.js')).href);
const lane = /** @type {((req: http.IncomingMessage, res: http.ServerResponse, next: (req: http.IncomingMessage) => void) => void) | undefined} */ (
	/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('yishiting.fast-lane')]
);

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
const seconds = (/** @type {string} */ name, /** @type {number | undefined} */ fallback) =>
	process.env[name] !== undefined && /^\d+$/.test(process.env[name] ?? '') ? Number(process.env[name]) : fallback;
const shutdownTimeout = seconds('SHUTDOWN_TIMEOUT', 30) ?? 30;

/** @param {http.ServerResponse} res */
const notFound = (res) => () => {
	res.statusCode = 404;
	res.end();
};

const server = http.createServer((req, res) => {
	if (lane) lane(req, res, (again) => handler(again, res, notFound(res)));
	else handler(req, res, notFound(res));
});
const keepAlive = seconds('KEEP_ALIVE_TIMEOUT', undefined);
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
const headersTimeout = seconds('HEADERS_TIMEOUT', undefined);
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

server.listen({ host, port }, () => {
	const address = server.address();
	console.log(`Listening on http://${host}:${typeof address === 'object' && address ? address.port : port}`);
});

/** @type {NodeJS.Timeout | undefined} */
let stopping;
function shutdown() {
	if (stopping) return;
	server.closeIdleConnections();
	server.close(() => {
		clearTimeout(stopping);
		process.emit(/** @type {'exit'} */ (/** @type {unknown} */ ('sveltekit:shutdown')), 0);
	});
	stopping = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}
// answered requests on kept-alive connections: close them as soon as they go idle while stopping
server.on('request', (req) => req.on('close', () => stopping && server.closeIdleConnections()));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
