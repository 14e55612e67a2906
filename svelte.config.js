import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// CSRF: SvelteKit refuses cross-origin form posts; keep it on.
		csrf: { trustedOrigins: [] },
		// Content-Security-Policy header on every rendered page; SvelteKit adds a fresh nonce for its own inline
		// start-up script, so no other inline script (and no onclick="…") can run.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// style attributes only (no <style> elements): server-rendered style:--colour={…} and app.html's
				// display: contents; a style attribute cannot run code
				'style-src-attr': ['unsafe-inline'],
				// QR codes and previews may be data: or blob: images
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				// fetch and the live boards' EventSource go to this origin only
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
