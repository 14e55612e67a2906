/** Asking an author to take personal numbers out of public text before it is posted (the text is kept in the form). */
import { m } from '$lib/paraglide/messages';
import { findPersonalInfo } from '$lib/domain/personal-info';
import { ServiceError } from '../errors';

/**
 * Refuses text with a mobile, landline or ID number in it, beside the field, unless the author confirms the number
 * is not personal (a property firm's public line); `field` is the form field the message belongs beside.
 */
export function checkPersonalInfo(text: string, confirmed: boolean, field = 'body'): void {
	// a public line may be confirmed; an ID number is never public
	const found = findPersonalInfo(text).filter((f) => !confirmed || f.kind === 'id_card');
	if (found.length === 0) return;
	const numbers = found.map((f) => f.masked).join('、');
	const message = found.some((f) => f.kind === 'id_card') ? m.personal_err_id({ numbers }) : m.personal_err_phone({ numbers });
	throw new ServiceError(400, 'personal_info', message, { [field]: message });
}
