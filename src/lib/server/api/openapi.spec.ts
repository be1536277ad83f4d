import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { operations } from './contract';
import { projectSorts, projectStatuses, projectThemes } from '../../domain/projects';
import { callAudiences, callStatuses, legalFrames } from '../../domain/calls';
import { budgetBandCodes, deadlineWindows } from '../../domain/call-search';
import { consortiumStatuses, memberStatuses } from '../../domain/consortia';
import { disbursementStatuses, entryKinds, fundKinds, fundStatuses, matchOfferStatuses, pledgeStatuses, thresholdRules } from '../../domain/funds';
import { populationBands, reusableParts } from '../../domain/partners';
import { organisationKinds } from '../../domain/organisations';
import { decisionKinds } from '../db/schema/consortia';
import { matchOffers } from '../db/schema/funds';

// The document is generated from the route schemas (contract.ts); these tests hold it to them and to
// the domain's vocabularies, so a value added to a tuple and not served, or the reverse, fails here.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const document = openApiDocument('https://entente.example') as unknown as Json;
const schemas = document.components.schemas as Record<string, Json>;
const get = (path: string) => document.paths[path].get as Json;
const param = (path: string, name: string) => (get(path).parameters as Json[]).find((p) => p.name === name)!;
const prop = (schema: string, ...keys: string[]) => keys.reduce((s: Json, k) => (k === '[]' ? s.items : s.properties[k]), schemas[schema]);
const without = <T extends string>(values: readonly T[], ...left: T[]) => values.filter((v) => !left.includes(v));

describe('the OpenAPI document', () => {
	it('gives every operation an id, no security requirement and its declared answers, all in JSON', () => {
		const ids = new Set<string>();
		for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
			if (path === '/calls.atom') continue; // not JSON: below
			const operation = item.get;
			expect(operation.operationId, path).toMatch(/^(list|get)[A-Z]\w+$/);
			ids.add(operation.operationId);
			expect(operation.security, path).toEqual([]);
			expect(Object.keys(operation.responses), path).toContain('200');
			expect(Object.keys(operation.responses), path).toContain('500');
			// An object answers 404 when missing, a list 400 to a bad parameter; the index takes no parameter.
			if (path !== '/') expect(operation.responses[path.endsWith('{id}') || path.includes('{id}/') ? '404' : '400'], path).toBeDefined();
			for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
				if (status !== '200') expect(response.content['application/json'].schema, `${path} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
			}
		}
		expect([...ids].sort()).toEqual(Object.keys(operations).sort());
	});

	it('describes the Atom feed of open calls, served at the site’s root rather than under /api/v1', () => {
		const feed = document.paths['/calls.atom'] as Json;
		expect(feed.servers).toEqual([{ url: 'https://entente.example' }]);
		expect(feed.get.operationId).toBe('getOpenCallsFeed');
		expect(feed.get.security).toEqual([]);
		expect(Object.keys(feed.get.responses['200'].content)).toEqual(['application/atom+xml']);
	});

	it('lists, for each operation, exactly the query parameters its route parses', () => {
		for (const operation of Object.values(operations)) {
			const declared = (get(operation.path).parameters as Json[]).filter((p) => p.in === 'query').map((p) => p.name);
			const parsed = 'query' in operation ? Object.keys(operation.query.entries) : [];
			expect(declared, operation.path).toEqual(parsed);
		}
		expect(param('/projects', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
	});

	it('takes every vocabulary from the domain, values for values', () => {
		const publicOnly = <T extends string>(values: readonly T[]) => without(values, 'draft' as T);
		const expected: [unknown, readonly string[]][] = [
			[prop('Organisation', 'kind').enum, organisationKinds],
			[prop('Organisation', 'themes', '[]').enum, projectThemes],
			[prop('Project', 'theme').enum, projectThemes],
			[prop('Project', 'status').enum, publicOnly(projectStatuses)],
			[prop('Project', 'reuse', 'reusableParts', '[]').enum, reusableParts],
			[prop('Call', 'theme').enum, projectThemes],
			[prop('Call', 'status').enum, publicOnly(callStatuses)],
			[prop('Call', 'audience').enum, callAudiences],
			[prop('Call', 'legalFrame').enum, legalFrames],
			[prop('Consortium', 'status').enum, consortiumStatuses],
			[prop('Consortium', 'members', '[]', 'kind').enum, organisationKinds],
			[prop('Consortium', 'members', '[]', 'status').enum, without(memberStatuses, 'cancelled')],
			[prop('Consortium', 'members', '[]', 'deliberation', 'kind').enum, [...decisionKinds, null] as string[]],
			[prop('Fund', 'kind').enum, fundKinds],
			[prop('Fund', 'status').enum, publicOnly(fundStatuses)],
			[prop('Fund', 'rule').enum, thresholdRules],
			[prop('Fund', 'pledges', '[]', 'status').enum, pledgeStatuses],
			[prop('Fund', 'matchOffers', '[]', 'status').enum, matchOfferStatuses],
			[prop('Fund', 'disbursements', '[]', 'status').enum, disbursementStatuses],
			[prop('LedgerEntry', 'kind').enum, Object.keys(entryKinds)],
			[param('/organisations', 'kind').schema.enum, organisationKinds],
			[param('/organisations', 'population').schema.enum, populationBands],
			[param('/organisations', 'theme').schema.enum, projectThemes],
			[param('/projects', 'theme').schema.enum, projectThemes],
			[param('/projects', 'status').schema.enum, publicOnly(projectStatuses)],
			[param('/projects', 'sort').schema.enum, projectSorts],
			[param('/calls', 'status').schema.enum, publicOnly(callStatuses)],
			[param('/calls', 'audience').schema.enum, callAudiences],
			[param('/calls', 'budget').schema.enum, budgetBandCodes],
			[param('/calls', 'closes').schema.enum, deadlineWindows],
			[param('/consortia', 'status').schema.enum, consortiumStatuses],
			[param('/funds', 'status').schema.enum, publicOnly(fundStatuses)]
		];
		for (const [served, domain] of expected) expect(served).toEqual([...domain]);
		// The one vocabulary the database schema spells out itself.
		expect(matchOffers.status.enumValues).toEqual([...matchOfferStatuses]);
	});

	it('declares the single-fund fields the API serves beyond the list', () => {
		for (const field of ['coordinator', 'memberCap', 'settledAt', 'members', 'pledges', 'matchOffers', 'disbursements']) {
			expect(prop('Fund', field), field).toBeDefined();
		}
		expect(prop('Fund', 'pledges', '[]').required).toContain('outstandingCents');
		expect(schemas.Fund.required).not.toContain('pledges');
	});

	it('resolves every reference', () => {
		const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(10);
		for (const name of refs) expect(schemas[name], name).toBeDefined();
	});
});
