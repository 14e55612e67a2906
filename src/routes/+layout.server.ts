import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user ? { id: locals.user.id, name: locals.user.name } : null,
	textSize: locals.textSize,
	locale: getLocale(),
	path: url.pathname + url.search
});
