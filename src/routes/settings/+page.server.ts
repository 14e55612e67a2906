import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const YEAR = 60 * 60 * 24 * 365;

/** only same-site paths, never an absolute URL */
function back(data: FormData): string {
	const to = String(data.get('back') ?? '/');
	return to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	textSize: async ({ request, cookies, url }) => {
		const data = await request.formData();
		const size = data.get('size') === 'large' ? 'large' : 'normal';
		cookies.set('yst_text', size, { path: '/', maxAge: YEAR, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, back(data));
	},
	locale: async ({ request, cookies, url }) => {
		const data = await request.formData();
		const locale = data.get('locale') === 'en' ? 'en' : 'zh-CN';
		cookies.set('PARAGLIDE_LOCALE', locale, { path: '/', maxAge: YEAR, httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, back(data));
	}
};
