import { json } from '@sveltejs/kit';

// The JSON API's conventions (DESIGN.md, "JSON API conventions").

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export function apiJson(body: unknown, status = 200) {
	return json(body, {
		status,
		headers: { 'cache-control': 'public, max-age=30', 'access-control-allow-origin': '*' }
	});
}

export function notFound() {
	return json({ error: 'not_found' }, { status: 404, headers: { 'access-control-allow-origin': '*' } });
}

/** `?limit=` (1–100, default 20) and an opaque `?cursor=`. */
export function pageParams(url: URL): { limit: number; cursor: string | null } {
	const rawLimit = url.searchParams.get('limit');
	const limit = rawLimit === null ? 20 : Number(rawLimit);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
		throw new ApiError(400, 'invalid_limit', 'limit must be a whole number from 1 to 100.');
	}
	const rawCursor = url.searchParams.get('cursor');
	let cursor: string | null = null;
	if (rawCursor !== null) {
		try {
			cursor = Buffer.from(rawCursor, 'base64url').toString('utf8');
		} catch {
			cursor = null;
		}
		if (!cursor || !/^[a-z0-9]+$/.test(cursor)) {
			throw new ApiError(400, 'invalid_cursor', 'cursor must be a value returned as "next".');
		}
	}
	return { limit, cursor };
}

export function encodeCursor(id: string) {
	return Buffer.from(id, 'utf8').toString('base64url');
}

/** Runs an API handler, turning an ApiError into its JSON answer. */
export async function answer(handler: () => Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (error) {
		if (error instanceof ApiError) {
			return json({ error: error.code, message: error.message }, { status: error.status });
		}
		throw error;
	}
}
