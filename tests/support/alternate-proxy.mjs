// A reverse proxy for the end-to-end suite in scale-out mode (E2E_ALTERNATE=1): it listens on PORT and sends
// each request to the next of the UPSTREAMS in turn (round robin, per request, not per connection), so a
// browser's page load, its form post and the redirect after it land on different app instances. Streams
// both ways, so Server-Sent Events pass through. Each response says which instance served it in
// x-yst-upstream, which tests/e2e/alternate.spec.ts checks.
import http from 'node:http';

const port = Number(process.env.PORT);
const upstreams = (process.env.UPSTREAMS ?? '').split(',').filter(Boolean).map((u) => new URL(u));
if (!port || upstreams.length < 2) throw new Error('alternate-proxy needs PORT and at least two UPSTREAMS');

const agent = new http.Agent({ keepAlive: true });
let next = 0;

http
	.createServer((req, res) => {
		const i = next++ % upstreams.length;
		const target = upstreams[i];
		const forward = http.request(
			{
				agent,
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				// the Host header stays the proxy's, as behind a real reverse proxy
				headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' }
			},
			(up) => {
				res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-yst-upstream': String(i) });
				up.pipe(res);
				// an instance may answer (413, 400…) before it has read the whole body and then stop reading; the
				// rest of the upload is drained here, or the client would wait forever to finish sending it
				up.on('end', () => {
					req.unpipe(forward);
					req.resume();
				});
			}
		);
		forward.on('error', () => {
			req.unpipe(forward);
			req.resume();
			if (res.headersSent) return void res.destroy();
			res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('upstream unavailable');
		});
		req.pipe(forward);
		res.on('close', () => forward.destroy());
	})
	.listen(port, '127.0.0.1', () => console.log(`alternate-proxy on ${port} → ${upstreams.join(', ')}`));
