/** What a page with several forms gets back from its actions: which form was sent, its values and errors. */
export interface FormState {
	form?: string;
	done?: string;
	message?: string;
	values?: Record<string, string>;
	errors?: Record<string, string>;
}

/**
 * Reads an ActionData for a page with several forms, each carrying a hidden `_form` name:
 * what was typed, the errors and the message belong only to the form that was sent.
 */
export function formState(form: unknown) {
	const f = (form ?? {}) as FormState;
	const sent = (name: string) => f.values?._form === name;
	return {
		done: f.done,
		valuesOf: (name: string): Record<string, string> => (sent(name) ? (f.values ?? {}) : {}),
		errorsOf: (name: string): Record<string, string> => (sent(name) ? (f.errors ?? {}) : {}),
		messageOf: (name: string): string | undefined => (sent(name) ? f.message : undefined)
	};
}
