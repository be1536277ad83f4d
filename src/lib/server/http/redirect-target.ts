import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';

const BASE = new URL('http://entente.invalid');
// Browsers drop tabs and line breaks from URLs and read "\" as "/": "/\t/evil.example/" is
// "//evil.example/", another site. NUL and line breaks would also break the Location header.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Where to send someone back to on this site after signing in or switching language: the path, query
 * and fragment of `target` once parsed as a URL, if it stays on this origin; "/" otherwise.
 * A target with control characters is no mistake a link of the site makes: refused with 400.
 */
export function safeRedirectTarget(target: string | null | undefined): string {
	if (!target) return '/';
	if (CONTROL.test(target)) error(400, m.sec_redirect_invalid());
	return sameOriginPath(target) ?? '/';
}

/** The same-origin path `target` designates, or null: decided on the parsed URL, as the browser will read it. */
export function sameOriginPath(target: string): string | null {
	if (CONTROL.test(target) || target.includes('\\') || !target.startsWith('/')) return null;
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return null;
	}
	if (url.origin !== BASE.origin) return null;
	const path = url.pathname + url.search + url.hash;
	// "/.//evil.example" parses to the path "//evil.example", which a browser reads as another host.
	return path.startsWith('//') ? null : path;
}
