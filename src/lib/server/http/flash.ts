import type { Cookies } from '@sveltejs/kit';

// A one-time confirmation shown on the next page, for actions that end in a redirect.

const FLASH_COOKIE = 'entente_flash';

export function setFlash(cookies: Cookies, message: string) {
	cookies.set(FLASH_COOKIE, encodeURIComponent(message.slice(0, 300)), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: 60
	});
}

export function takeFlash(cookies: Cookies): string | null {
	const value = cookies.get(FLASH_COOKIE);
	if (!value) return null;
	cookies.delete(FLASH_COOKIE, { path: '/' });
	try {
		return decodeURIComponent(value);
	} catch {
		return null;
	}
}
