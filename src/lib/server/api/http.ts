import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { DEFAULT_LIMIT, operations, type OperationId } from './contract';
import { signCursor } from './cursor';

// The JSON API's conventions (DESIGN.md, "JSON API conventions").

/** Any site may read the public API: no credentials are involved. Set on every answer (see cors.ts). */
export const CORS_HEADERS = {
	'access-control-allow-origin': '*',
	'access-control-allow-methods': 'GET, HEAD, OPTIONS',
	'access-control-allow-headers': 'accept, accept-language, content-type',
	'access-control-max-age': '86400'
} as const;

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
	return json(body, { status, headers: { 'cache-control': 'public, max-age=30', ...CORS_HEADERS } });
}

type Missing = { [K in OperationId]: (typeof operations)[K] extends { missing: string } ? K : never }[OperationId];

/** The 404 of an operation whose object does not exist or is not public: "No such fund." */
export function notFound(operationId: Missing) {
	return errorJson(404, 'not_found', operations[operationId].missing);
}

function errorJson(status: number, code: string, message: string) {
	return json({ error: code, message }, { status, headers: { 'cache-control': 'no-store', ...CORS_HEADERS } });
}

/**
 * The query of an operation, parsed with its contract schema (contract.ts): each documented parameter
 * once at most, an empty value taken as absent, anything else the schema refuses answered 400
 * `invalid_<parameter>`. Parameters the operation does not document are ignored.
 */
export function parseQuery<S extends v.ObjectSchema<v.ObjectEntries, undefined>>(url: URL, schema: S): v.InferOutput<S> {
	const input: Record<string, string> = {};
	for (const name of Object.keys(schema.entries)) {
		const values = url.searchParams.getAll(name);
		if (values.length > 1) throw new ApiError(400, `invalid_${name}`, `${name} may be given once.`);
		if (values.length === 1 && values[0] !== '') input[name] = values[0];
	}
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const name = String(issue.path?.[0]?.key ?? 'parameters');
	const message = issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`;
	throw new ApiError(400, `invalid_${name}`, message);
}

/** `limit` with its default. */
export const limitOf = (query: { limit?: number }) => query.limit ?? DEFAULT_LIMIT;

/** Runs an API handler: an ApiError becomes its JSON answer, any other failure a JSON 500. */
export async function answer(handler: () => Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (error) {
		if (error instanceof ApiError) return errorJson(error.status, error.code, error.message);
		console.error('API request failed:', error);
		return errorJson(500, 'internal_error', 'The server failed; try again later.');
	}
}

// The paths under an object of the API (`funds/{id}`, `funds/{id}/ledger`…), whatever the id.
const objectPaths = Object.entries(operations).flatMap(([operationId, operation]) =>
	'missing' in operation ? [{ operationId: operationId as Missing, pattern: new RegExp(`^${operation.path.slice(1).replace('{id}', '[^/]+')}$`) }] : []
);

/**
 * The JSON 404 of a path under /api/v1 that no route took (`path`: what follows /api/v1/). Under an object
 * of the API it is that object's 404 — an id the `id` matcher refuses names no such fund either —,
 * anywhere else no such path.
 */
export function unknownPath(path = '') {
	const object = objectPaths.find(({ pattern }) => pattern.test(path));
	if (object) return notFound(object.operationId);
	return errorJson(404, 'not_found', 'No such API path: the operations are listed in /api/v1/openapi.json.');
}

// Cursor payloads (signed by cursor.ts): `o<offset>` for lists ordered by something other than their id,
// `s<seq>` for a ledger, the last id for lists in id order.

function payloadPart(payload: string | undefined, prefix: 'o' | 's'): number {
	if (payload === undefined) return 0;
	const match = new RegExp(`^${prefix}(\\d{1,15})$`).exec(payload);
	if (!match) throw new ApiError(400, 'invalid_cursor', 'cursor must be a value returned as "next".');
	return Number(match[1]);
}

export const offsetFrom = (cursor: string | undefined) => payloadPart(cursor, 'o');
export const seqFrom = (cursor: string | undefined) => payloadPart(cursor, 's');

export function nextCursor(operationId: OperationId, next: { offset: number } | { seq: number } | { id: string } | null): string | null {
	if (next === null) return null;
	const payload = 'offset' in next ? `o${next.offset}` : 'seq' in next ? `s${next.seq}` : next.id;
	return signCursor(operationId, payload);
}
