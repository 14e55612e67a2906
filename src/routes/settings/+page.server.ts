import { redirect } from '@sveltejs/kit';
import { cookieName as LOCALE_COOKIE } from '$lib/paraglide/runtime';
import { redirectTarget } from '$lib/server/http/redirect-target';
import type { Actions, PageServerLoad } from './$types';

const YEAR = 60 * 60 * 24 * 365;

const back = (data: FormData, url: URL) => redirectTarget(data.get('back'), url.origin);

export const load: PageServerLoad = () => redirect(303, '/');

// Both preferences are read by the server on every request (hooks.server.ts), so they work without JavaScript.
export const actions: Actions = {
	textSize: async ({ request, cookies, url }) => {
		const data = await request.formData();
		const size = data.get('size') === 'large' ? 'large' : 'normal';
		cookies.set('yst_text', size, { path: '/', maxAge: YEAR, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, back(data, url));
	},
	locale: async ({ request, cookies, url }) => {
		const data = await request.formData();
		const locale = data.get('locale') === 'en' ? 'en' : 'zh-CN';
		// not httpOnly: paraglide's client runtime reads the same cookie
		cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: YEAR, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, back(data, url));
	}
};
