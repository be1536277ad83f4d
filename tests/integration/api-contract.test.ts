import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { error } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi';
import { signCursor } from '$lib/server/api/cursor';
import { apiCors } from '$lib/server/api/cors';
import { useDemoDatabase } from './support';
import * as organisationsList from '../../src/routes/api/v1/organisations/+server';
import * as organisationOne from '../../src/routes/api/v1/organisations/[id=id]/+server';
import * as referentsList from '../../src/routes/api/v1/referents/+server';
import * as projectsList from '../../src/routes/api/v1/projects/+server';
import * as projectOne from '../../src/routes/api/v1/projects/[id=id]/+server';
import * as callsList from '../../src/routes/api/v1/calls/+server';
import * as callOne from '../../src/routes/api/v1/calls/[id=id]/+server';
import * as consortiaList from '../../src/routes/api/v1/consortia/+server';
import * as consortiumOne from '../../src/routes/api/v1/consortia/[id=id]/+server';
import * as fundsList from '../../src/routes/api/v1/funds/+server';
import * as fundOne from '../../src/routes/api/v1/funds/[id=id]/+server';
import * as fundLedger from '../../src/routes/api/v1/funds/[id=id]/ledger/+server';
import * as unknownPath from '../../src/routes/api/v1/[...path]/+server';
import * as apiIndex from '../../src/routes/api/v1/+server';

// The public API held to its OpenAPI document, from outside: every GET the document lists, every
// documented parameter with each of its values, cursors followed to the end, each answer checked against
// the document's schema (strictly: a served field the document does not declare fails), and the bad
// parameters each answered 400 with the documented error body.

// Cursors are signed with a key kept in DATA_DIR (read once, on first use): this file's own.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'entente-api-'));

useDemoDatabase();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const document = openApiDocument('http://api.test') as unknown as Json;
// The JSON operations; the Atom feed the document also describes (served beside the API, with its own
// server) is tested with the feeds (tests/integration/alerts.test.ts).
const operations = Object.entries(document.paths as Record<string, Json>)
	.filter(([, item]) => !item.servers)
	.map(([path, item]): Json => ({ path, ...(item.get as Json) }));
const lists = operations.filter((o) => o.parameters.some((p: Json) => p.name === 'cursor'));

const handlers: Record<string, (event: never) => Response | Promise<Response>> = {
	'/': apiIndex.GET,
	'/organisations': organisationsList.GET,
	'/organisations/{id}': organisationOne.GET,
	'/referents': referentsList.GET,
	'/projects': projectsList.GET,
	'/projects/{id}': projectOne.GET,
	'/calls': callsList.GET,
	'/calls/{id}': callOne.GET,
	'/consortia': consortiaList.GET,
	'/consortia/{id}': consortiumOne.GET,
	'/funds': fundsList.GET,
	'/funds/{id}': fundOne.GET,
	'/funds/{id}/ledger': fundLedger.GET
};

interface Answer {
	status: number;
	body: Json;
	headers: Headers;
}

/** A GET of `path` (with its query) through the route that serves it. */
async function get(template: string, query: Record<string, string> | string = {}, id?: string): Promise<Answer> {
	const path = template.replace('{id}', encodeURIComponent(id ?? '')).replace(/^\/$/, '');
	const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
	const url = new URL(`http://api.test/api/v1${path}${search ? `?${search}` : ''}`);
	const response = await handlers[template]({ url, params: { id } } as never);
	expect(response.headers.get('content-type'), url.href).toContain('application/json');
	expect(response.headers.get('access-control-allow-origin'), url.href).toBe('*');
	return { status: response.status, body: await response.json(), headers: response.headers };
}

// ——— A validator for the JSON Schema the document uses ———

function resolve(schema: Json): Json {
	return schema.$ref ? document.components.schemas[(schema.$ref as string).split('/').at(-1)!] : schema;
}

function typeOf(value: unknown) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** Where `value` departs from `schema`, as "path: what" lines; undeclared properties included. */
function violations(value: unknown, raw: Json, at = '$'): string[] {
	const schema = resolve(raw);
	if (schema.anyOf) {
		const each = (schema.anyOf as Json[]).map((s) => violations(value, s, at));
		return each.some((v) => v.length === 0) ? [] : each.flat();
	}
	const types = schema.type === undefined ? null : ([] as string[]).concat(schema.type);
	const actual = typeOf(value);
	if (types && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${at}: ${actual}, not ${types.join('|')}`];
	if (schema.enum && !(schema.enum as unknown[]).includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
	const out: string[] = [];
	if (typeof value === 'number') {
		if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
		if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
	}
	if (typeof value === 'string') {
		if (schema.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) out.push(`${at}: not a date-time: ${value}`);
		if (schema.format === 'date' && !/^\d{4}-\d\d-\d\d$/.test(value)) out.push(`${at}: not a date: ${value}`);
	}
	if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => out.push(...violations(item, schema.items, `${at}[${i}]`)));
	if (actual === 'object' && schema.properties) {
		const object = value as Json;
		for (const key of schema.required ?? []) if (!(key in object)) out.push(`${at}.${key}: required, missing`);
		for (const [key, item] of Object.entries(object)) {
			if (!(key in schema.properties)) out.push(`${at}.${key}: served, not declared`);
			else out.push(...violations(item, schema.properties[key], `${at}.${key}`));
		}
	}
	return out;
}

function expectDocumented(operation: Json, answer: Answer, label: string) {
	const response = operation.responses[String(answer.status)];
	expect(response, `${label}: ${answer.status} is not a declared answer (${JSON.stringify(answer.body).slice(0, 200)})`).toBeDefined();
	expect(violations(answer.body, response.content['application/json'].schema), label).toEqual([]);
}

/** Every item of a list, following "next" to the end with `limit`; each page checked. */
async function followToTheEnd(operation: Json, query: Record<string, string> = {}, id?: string) {
	const items: Json[] = [];
	let cursor: string | null = null;
	for (let page = 0; page < 500; page++) {
		const answer = await get(operation.path, { ...query, ...(cursor ? { cursor } : {}) }, id);
		expectDocumented(operation, answer, `${operation.operationId} ${JSON.stringify(query)} page ${page}`);
		expect(answer.status).toBe(200);
		expect(answer.body.data.length).toBeLessThanOrEqual(Number(query.limit ?? 20));
		items.push(...answer.body.data);
		cursor = answer.body.next;
		if (cursor === null) return items;
	}
	throw new Error(`${operation.operationId}: "next" never ended`);
}

/** Values for the parameters whose schema is a pattern, not a list: the test fails on one it has no value for. */
const examples: Record<string, (ids: Json) => string[]> = {
	q: () => ['ville', 'école', 'zzzz-nothing'],
	region: () => ['32', '27', '11'],
	departement: () => ['62', '58', '2A'],
	consortium: (ids) => [ids.consortium]
};

describe('the public API against its OpenAPI document', () => {
	const ids: Json = {};

	it('has a validator that finds an undeclared field, a missing one, a wrong type and an unknown value', () => {
		const fund = { $ref: '#/components/schemas/Fund' };
		const totals = Object.fromEntries(Object.keys(document.components.schemas.Totals.properties).map((k) => [k, 0]));
		const served = {
			id: 'f',
			name: 'F',
			kind: 'investment',
			status: 'open',
			rule: 'flexible',
			consortiumId: 'c',
			consortiumName: 'C',
			targetCents: 1,
			thresholdCents: 1,
			deadline: '2026-01-01T12:00:00.000Z',
			currency: 'EUR',
			totals
		};
		expect(violations(served, fund)).toEqual([]);
		expect(violations({ ...served, sponsor: 'x' }, fund)).toEqual(['$.sponsor: served, not declared']);
		expect(violations({ ...served, totals: { ...totals, extraCents: 1 } }, fund)).toEqual(['$.totals.extraCents: served, not declared']);
		expect(violations({ ...served, status: 'draft', targetCents: '1', deadline: undefined }, fund)).toHaveLength(3);
	});

	it('has a route for every operation the document lists, and no operation the document leaves out', () => {
		expect(Object.keys(handlers).sort()).toEqual(operations.map((o) => o.path).sort());
	});

	it('answers every list, followed to its end two items at a time, and every object in it, as documented', async () => {
		for (const operation of lists.filter((o) => !o.path.includes('{id}'))) {
			const all = await followToTheEnd(operation, { limit: '2' });
			const whole = (await get(operation.path, { limit: '100' })).body.data;
			expect(
				all.map((item) => item.id ?? item.organisationId),
				operation.operationId
			).toEqual(whole.map((item: Json) => item.id ?? item.organisationId));
			expect(all.length, `${operation.operationId}: the demo has some`).toBeGreaterThan(0);
			const single = operations.find((o) => o.path === `${operation.path}/{id}`);
			if (!single) continue;
			for (const item of all) {
				const answer = await get(single.path, {}, item.id);
				expectDocumented(single, answer, `${single.operationId} ${item.id}`);
				expect(answer.status).toBe(200);
			}
			ids[operation.path.slice(1)] = all.map((item) => item.id);
		}
		ids.consortium = ids.consortia[0];
		const ledger = operations.find((o) => o.operationId === 'listFundLedger')!;
		let entries = 0;
		for (const fund of ids.funds) entries += (await followToTheEnd(ledger, { limit: '3' }, fund)).length;
		expect(entries).toBeGreaterThan(3);
		for (const single of operations.filter((o) => o.path.includes('{id}'))) {
			const missing = await get(single.path, {}, 'doesnotexist00');
			expect(missing.status, single.operationId).toBe(404);
			expectDocumented(single, missing, `${single.operationId} unknown id`);
		}
	});

	it('answers every documented parameter with each of its values, filtered as asked', async () => {
		for (const operation of lists) {
			const id = operation.path.includes('{id}') ? ids.funds[0] : undefined;
			for (const parameter of operation.parameters.filter((p: Json) => p.in === 'query' && p.name !== 'cursor')) {
				const values: string[] = parameter.name === 'limit' ? ['1', '100'] : (parameter.schema.enum ?? examples[parameter.name]?.(ids));
				expect(values, `${operation.operationId}: no example for ${parameter.name}`).toBeDefined();
				for (const value of values) {
					const answer = await get(operation.path, { [parameter.name]: value }, id);
					const label = `${operation.operationId} ${parameter.name}=${value}`;
					expectDocumented(operation, answer, label);
					expect(answer.status, label).toBe(200);
					// A filter named like a field of the items keeps only the items with that value.
					const field =
						document.components.schemas[operation.responses['200'].content['application/json'].schema.properties.data.items.$ref.split('/').at(-1)].properties[
							parameter.name
						];
					if (field?.enum) for (const item of answer.body.data) expect(item[parameter.name], label).toBe(value);
				}
			}
		}
		// And a filter that narrows does narrow: the demo's funds of one consortium, its open projects.
		const funds = await get('/funds', { consortium: ids.consortium, limit: '100' });
		expect(funds.body.data.length).toBeGreaterThan(0);
		expect(funds.body.data.every((f: Json) => f.consortiumId === ids.consortium)).toBe(true);
	});

	it('answers an unknown filter value, a malformed number or a hand-made cursor 400 with the documented error', async () => {
		const bad: Record<string, string[]> = {
			limit: ['0', '101', '1e1', '+5', '-1', '05', '5.0', ' 5', '0x10', '99999999999999999999', 'ten'],
			cursor: [
				'!!!',
				Buffer.from('o5').toString('base64url'),
				Buffer.from('s1').toString('base64url'),
				`${Buffer.from('o5').toString('base64url')}.${'A'.repeat(22)}`,
				signCursor('someOtherList', 'o2'),
				'x'.repeat(5000)
			],
			q: ['x'.repeat(201)],
			region: ['xx', '1', '123'],
			departement: ['xx', '9999', '2C'],
			consortium: ['not an id', 'ABCDEFGHIJKL']
		};
		let checked = 0;
		for (const operation of lists) {
			const id = operation.path.includes('{id}') ? ids.funds[0] : undefined;
			for (const parameter of operation.parameters.filter((p: Json) => p.in === 'query')) {
				const values = parameter.schema.enum
					? ['bogus', 'nope', parameter.schema.enum[0].toUpperCase(), `${parameter.schema.enum[0]} `].filter((v) => !parameter.schema.enum.includes(v))
					: bad[parameter.name];
				expect(values, `${operation.operationId}: no bad value for ${parameter.name}`).toBeDefined();
				for (const value of values) {
					const answer = await get(operation.path, { [parameter.name]: value }, id);
					const label = `${operation.operationId} ${parameter.name}=${value.slice(0, 40)}`;
					expect(answer.status, label).toBe(400);
					expectDocumented(operation, answer, label);
					expect(answer.body.error, label).toBe(`invalid_${parameter.name}`);
					expect(answer.body.message, label).toContain(parameter.name);
					checked++;
				}
				// Given twice, even with good values: which one would count?
				const good = parameter.schema.enum?.[0] ?? (parameter.name === 'limit' ? '5' : null);
				if (good) expect((await get(operation.path, `${parameter.name}=${good}&${parameter.name}=${good}`, id)).status).toBe(400);
			}
		}
		expect(checked).toBeGreaterThan(100);
		// Shaped like a code, but no place of the official lists: refused, not an empty list.
		for (const [name, value] of [
			['region', '99'],
			['region', '05'],
			['departement', '20'],
			['departement', '96'],
			['departement', '970']
		]) {
			for (const path of ['/calls', '/projects', '/organisations']) {
				const answer = await get(path, { [name]: value });
				expect(answer.status, `${path} ${name}=${value}`).toBe(400);
				expect(answer.body.error, `${path} ${name}=${value}`).toBe(`invalid_${name}`);
			}
		}
	});

	it('serves the rapprochements of #15 as the document says: a project’s partners and replications, the directory’s search, the référents', async () => {
		const link = (schema: Json) => Object.keys(resolve(resolve(schema).items).properties).sort();
		const project = document.components.schemas.Project.properties;
		expect(link(project.partners)).toEqual(['name', 'organisationId', 'projectId']);
		expect(link(project.replications)).toEqual(['name', 'organisationId', 'projectId']);
		const parameters = (path: string) => operations.find((o) => o.path === path)!.parameters.map((p: Json) => p.name);
		expect(parameters('/organisations')).toEqual(expect.arrayContaining(['q', 'kind', 'region', 'departement', 'limit', 'cursor']));
		expect(parameters('/referents')).toEqual(expect.arrayContaining(['region', 'departement', 'limit', 'cursor']));

		// The original, not one of its replicas (they carry its title).
		const guichet = (await get('/projects', { q: 'guichet unique', limit: '100' })).body.data.find(
			(p: Json) => p.title === 'Guichet unique des démarches (démo)' && p.proposer.name === 'Béthune'
		);
		const answer = await get('/projects/{id}', {}, guichet.id);
		expectDocumented(
			operations.find((o) => o.path === '/projects/{id}')!,
			answer,
			'the guichet unique'
		);
		expect(answer.body.replications.map((r: Json) => r.name).sort()).toEqual(['Laval', 'Nevers', 'Saint-Quentin']);
		expect(answer.body.partners).toEqual([]);
		const found = await get('/organisations', { q: 'bethune', kind: 'city', region: '32', departement: '62' });
		expect(found.body.data.map((o: Json) => o.name)).toEqual(['Béthune']);
		expect((await get('/organisations', { q: 'bethune', departement: '58' })).body.data).toEqual([]);
		const referents = await get('/referents', { departement: '53' });
		expect(referents.body).toEqual({ data: [expect.objectContaining({ organisationName: 'Laval' })], next: null });
	});

	it('takes a cursor only from the list that gave it, and only as given', async () => {
		const first = await get('/projects', { limit: '1' });
		const next: string = first.body.next;
		expect((await get('/projects', { limit: '1', cursor: next })).status).toBe(200);
		expect((await get('/calls', { limit: '1', cursor: next })).body).toMatchObject({ error: 'invalid_cursor' });
		const [payload, mac] = next.split('.');
		const forged = `${Buffer.from('o0').toString('base64url')}.${mac}`;
		expect(payload).not.toBe(Buffer.from('o0').toString('base64url'));
		expect((await get('/projects', { limit: '1', cursor: forged })).status).toBe(400);
		const flipped = next.slice(0, -1) + (next.endsWith('A') ? 'B' : 'A');
		expect((await get('/projects', { limit: '1', cursor: flipped })).status).toBe(400);
		// An id cursor (organisations) is not an offset cursor either.
		const organisations = await get('/organisations', { limit: '1' });
		expect((await get('/projects', { cursor: organisations.body.next })).status).toBe(400);
	});

	it('answers /api/v1 itself with its index: the document and every list, each answering', async () => {
		const index = operations.find((o) => o.operationId === 'getIndex')!;
		const answer = await get('/');
		expect(answer.status).toBe(200);
		expectDocumented(index, answer, 'getIndex');
		expect(answer.body.openapi).toBe('http://api.test/api/v1/openapi.json');
		const listed = Object.values(answer.body.lists as Record<string, string>).map((href) => href.replace('http://api.test/api/v1', ''));
		expect(listed.sort()).toEqual(
			lists
				.filter((o) => !o.path.includes('{id}'))
				.map((o) => o.path)
				.sort()
		);
		for (const path of listed) expect((await get(path)).status, path).toBe(200);
	});

	it('answers an id that cannot be one (the route’s matcher refuses it) with the object’s own 404, not "no such path"', async () => {
		const fallback = (path: string) =>
			unknownPath.fallback({
				request: new Request(`http://api.test/api/v1/${path}`),
				url: new URL(`http://api.test/api/v1/${path}`),
				params: { path }
			} as never);
		for (const [path, message] of [
			['funds/nope', 'No such fund.'],
			['funds/NOT-AN-ID/ledger', 'No such fund.'],
			['organisations/Beauvais', 'No such organisation.'],
			['projects/abc', 'No such project.'],
			['calls/x%20y', 'No such call.'],
			['consortia/A', 'No such consortium.']
		]) {
			const response = await fallback(path);
			expect(response.status, path).toBe(404);
			expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
			expect(await response.json(), path).toEqual({ error: 'not_found', message });
		}
		// A well-formed id that names nothing says the same.
		expect((await get('/funds/{id}', {}, 'doesnotexist00')).body).toEqual({ error: 'not_found', message: 'No such fund.' });
		expect((await get('/funds/{id}/ledger', {}, 'doesnotexist00')).body).toEqual({ error: 'not_found', message: 'No such fund.' });
		// Beyond an object, or under no collection: no such path.
		for (const path of ['funds/nope/pledges', 'nope', 'funds/abc/ledger/x', 'referents/abc']) {
			expect((await (await fallback(path)).json()).message, path).toMatch(/^No such API path/);
		}
	});

	it('answers a path under /api/v1 that names no operation with the JSON 404, whatever the method', async () => {
		for (const method of ['GET', 'POST', 'DELETE']) {
			const response = await unknownPath.fallback({
				request: new Request('http://api.test/api/v1/nope', { method }),
				url: new URL('http://api.test/api/v1/nope'),
				params: { path: 'nope' }
			} as never);
			expect(response.status).toBe(404);
			expect(response.headers.get('access-control-allow-origin')).toBe('*');
			const body = await response.json();
			expect(violations(body, { $ref: '#/components/schemas/Error' })).toEqual([]);
			expect(body.error).toBe('not_found');
		}
	});

	it('puts the CORS headers on every answer under /api/v1, even those no route made, and on none elsewhere', async () => {
		const event = (path: string, method = 'GET') =>
			({ url: new URL(`http://api.test${path}`), request: new Request(`http://api.test${path}`, { method }) }) as never;
		const plain = (status: number) => async () => new Response('{"message":"x"}', { status, headers: { 'content-type': 'application/json' } });
		for (const status of [200, 404, 405, 429, 500, 503]) {
			const response = await apiCors({ event: event('/api/v1/projects'), resolve: plain(status) } as never);
			expect(response.status).toBe(status);
			expect(response.headers.get('access-control-allow-origin'), String(status)).toBe('*');
		}
		const refused = await apiCors({
			event: event('/api/v1/projects', 'POST'),
			resolve: async () => error(400, 'Malformed form')
		} as never);
		expect(refused.status).toBe(400);
		expect(refused.headers.get('access-control-allow-origin')).toBe('*');
		expect(await refused.json()).toEqual({ error: 'bad_request', message: 'Malformed form' });
		const failed = await apiCors({
			event: event('/api/v1/funds'),
			resolve: async () => {
				throw new Error('disk on fire');
			}
		} as never);
		expect(failed.status).toBe(500);
		expect(failed.headers.get('access-control-allow-origin')).toBe('*');
		const preflight = await apiCors({ event: event('/api/v1/projects', 'OPTIONS'), resolve: plain(405) } as never);
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
		const page = await apiCors({ event: event('/projects'), resolve: plain(200) } as never);
		expect(page.headers.get('access-control-allow-origin')).toBeNull();
	});
});
