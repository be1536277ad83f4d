import { error, type Handle } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';

/** The longest text a form field may carry: the longest field of any form (20,000) with room to spare. */
export const MAX_FORM_FIELD_CHARS = 65_536;
/** More fields than any form of the site has, by far. */
export const MAX_FORM_FIELDS = 1_000;
/**
 * A form without files never needs more than this: the longest form, every character at its most
 * expensive percent-encoding (9 bytes), stays far below. Refused before a byte of the body is read.
 */
export const MAX_URLENCODED_BYTES = 1024 * 1024;

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;
const URLENCODED = /^application\/x-www-form-urlencoded\b/i;

/**
 * The form action a request names (`?/name`), or null. SvelteKit looks the name up in the page's
 * `actions` object, so `?/__proto__` or `?/constructor` would find Object.prototype's members and fail
 * with a 500: only plain names that are not inherited properties are let through.
 */
export function actionName(url: URL): string | null {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1);
	return null;
}

export function isPlainActionName(name: string) {
	return /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name) && !(name in Object.prototype);
}

export type FormBodyProblem = 'malformed' | 'too_large';

/** What is wrong with a form body, read from a copy of the request so the action still reads the original. */
export async function formBodyProblem(request: Request): Promise<FormBodyProblem | null> {
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		// No boundary, a truncated part, a quote or a line break where a header expects a token…
		return 'malformed';
	}
	let fields = 0;
	for (const [, value] of form) {
		if (++fields > MAX_FORM_FIELDS) return 'too_large';
		if (typeof value === 'string' && value.length > MAX_FORM_FIELD_CHARS) return 'too_large';
	}
	return null;
}

/**
 * Refuses, before any route code runs, the requests that would otherwise reach an action as a 500 or
 * as megabytes of text to work on: a form body that cannot be parsed (400), a field longer than any
 * form has (413), an action name that is not a plain name (400).
 */
export const requestGuard: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (request.method !== 'GET' && request.method !== 'HEAD') {
		const action = actionName(url);
		if (action !== null && action !== '' && !isPlainActionName(action)) error(400, m.sec_action_unknown());
		const type = request.headers.get('content-type') ?? '';
		if (URLENCODED.test(type) && Number(request.headers.get('content-length') ?? 0) > MAX_URLENCODED_BYTES) {
			error(413, m.sec_form_too_large({ max: String(MAX_FORM_FIELD_CHARS) }));
		}
		if (FORM_TYPES.test(type)) {
			const problem = await formBodyProblem(request);
			if (problem === 'malformed') error(400, m.sec_form_malformed());
			if (problem === 'too_large') error(413, m.sec_form_too_large({ max: String(MAX_FORM_FIELD_CHARS) }));
		}
	}
	return resolve(event);
};
