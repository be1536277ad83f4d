/**
 * The shape of every id the platform gives out (`newId()`: 24 lower-case base32 characters), with room for
 * ids written by hand in tests and older data. One pattern, used by the route matcher `src/params/id.ts`
 * and by every schema that takes an id from a form or a query string.
 */
export const ID_PATTERN = /^[a-z0-9]{10,40}$/;

export function isId(value: string): boolean {
	return ID_PATTERN.test(value);
}

/** An organisation's address: what `slugify` gives, with a `-2` suffix when taken. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

export function isSlug(value: string): boolean {
	return SLUG_PATTERN.test(value);
}

/** A secret token carried in an address (a saved search's feed): base64url or base32, never a path. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function isToken(value: string): boolean {
	return TOKEN_PATTERN.test(value);
}
