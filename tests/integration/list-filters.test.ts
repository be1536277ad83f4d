import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { funds } from '$lib/server/db/schema';
import { importReferenceData } from '$lib/server/reference/import';
import { seedDemo } from '$lib/server/demo/seed';
import { load as fundsLoad } from '../../src/routes/(public)/funds/+page.server';
import { load as callsLoad } from '../../src/routes/(public)/calls/+page.server';
import { load as projectsLoad } from '../../src/routes/(public)/projects/+page.server';
import { load as organisationsLoad } from '../../src/routes/(public)/organisations/+page.server';
import { callRoute } from './route-harness';
import { useTestDatabase } from './support';

// #14: the HTML lists show what they could not apply, and never a draft fund whatever the address asks.

useTestDatabase();

type ListData = { total: number; ignored: { name: string; value: string }[] };
const list = async (load: (event: never) => unknown, path: string) => {
	const outcome = await callRoute({ token: null, path }, load);
	if (outcome.kind !== 'ok') throw new Error(`${path}: ${outcome.kind}`);
	return outcome.data as ListData & { funds?: { id: string }[] };
};

let draftId = '';

beforeAll(async () => {
	await importReferenceData(() => undefined);
	await seedDemo(() => undefined);
	// A fund still in draft (the demo's are all open or settled): its coordinator has not opened it yet.
	const [fund] = await db().select({ id: funds.id }).from(funds).limit(1);
	draftId = fund.id;
	await write((tx) => tx.update(funds).set({ status: 'draft' }).where(eq(funds.id, draftId)));
}, 300_000);

describe('list pages and their filters', () => {
	it('never list a draft fund, even asked for drafts: the filter is ignored, and said so', async () => {
		const all = await list(fundsLoad, '/funds');
		const drafts = await list(fundsLoad, '/funds?status=draft');
		expect(drafts.funds!.map((f) => f.id)).not.toContain(draftId);
		expect(drafts.total).toBe(all.total);
		expect(drafts.ignored).toEqual([{ name: 'status', value: 'draft' }]);
		expect(all.ignored).toEqual([]);
	});

	it('ignore an unknown fund status and a malformed consortium id as the other lists do, and say so', async () => {
		const all = await list(fundsLoad, '/funds');
		const bogus = await list(fundsLoad, `/funds?status=bogus&consortium=${encodeURIComponent("x' or 1=1")}`);
		expect(bogus.total).toBe(all.total);
		expect(bogus.ignored.map((f) => f.name).toSorted()).toEqual(['consortium', 'status']);
		// A well-formed id filters (here, on nothing: no consortium has it); a public status filters too.
		expect((await list(fundsLoad, '/funds?consortium=zzzzzzzzzzzzzzzzzzzzzzzz')).total).toBe(0);
		const open = await list(fundsLoad, '/funds?status=open');
		expect(open.ignored).toEqual([]);
		expect(open.total).toBeLessThanOrEqual(all.total);
		expect(open.funds!.map((f) => f.id)).not.toContain(draftId);
	});

	it('never lists a draft fund through the query itself, whatever filter it is given', async () => {
		const { listFunds } = await import('$lib/server/funds/queries');
		const everything = await listFunds({ status: null, consortiumId: null }, 0, 1_000);
		expect(everything.funds.map((f) => f.id)).not.toContain(draftId);
		// Even a caller that bypasses the address's filters and asks for drafts gets none.
		const asked = await listFunds({ status: 'draft' as never, consortiumId: null }, 0, 1_000);
		expect(asked.funds).toEqual([]);
	});

	it('show the whole list with a note for an unknown value, and filter on the values they know', async () => {
		for (const [load, path] of [
			[callsLoad, '/calls'],
			[projectsLoad, '/projects'],
			[organisationsLoad, '/organisations']
		] as const) {
			const all = await list(load, path);
			const bogus = await list(load, `${path}?theme=nope&region=99&departement=20`);
			expect(bogus.total, path).toBe(all.total);
			expect(
				bogus.ignored.toSorted((a, b) => a.name.localeCompare(b.name)),
				path
			).toEqual([
				{ name: 'departement', value: '20' },
				{ name: 'region', value: '99' },
				{ name: 'theme', value: 'nope' }
			]);
			const known = await list(load, `${path}?departement=62`);
			expect(known.ignored, path).toEqual([]);
			expect(known.total, path).toBeLessThan(all.total);
		}
		expect((await list(callsLoad, '/calls?status=bogus&audience=x')).ignored.map((f) => f.name)).toEqual(['status', 'audience']);
	});

	it('give /projects its count and budgets already worded, so the page formats nothing while it hydrates', async () => {
		const data = (await list(projectsLoad, '/projects')) as ListData & {
			count: string;
			projects: { estimatedBudgetCents: number | null; budget: string | null }[];
		};
		expect(data.count).toMatch(new RegExp(`^${data.total} projets?`));
		const budgeted = data.projects.find((p) => p.estimatedBudgetCents !== null)!;
		expect(budgeted.budget).toMatch(/^[\d\s\u202f]+\u00a0€$/);
		expect(Number(budgeted.budget!.replace(/\D/g, ''))).toBe(Math.round(budgeted.estimatedBudgetCents! / 100));
		expect(data.projects.filter((p) => p.estimatedBudgetCents === null).every((p) => p.budget === null)).toBe(true);
	});
});
