// How SQLite answers the statements whose cost grew with the data at national scale: a fund page's pledges
// and the dashboard's page of members (the biggest fund of the bench has 5,000 pledges), the default order
// of the project list (5,000 projects) and the fund list (1,000 funds). Each must be read in its order from
// an index and cut after the page, instead of sorting or grouping every row in a temporary B-tree. These
// plans are fixed by the statements and the indexes (CROSS JOIN keeps the order of the loops), not by
// statistics, so an empty database shows them.
import type { InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { rawClient } from '$lib/server/db';
import { FUND_PAGE_PLEDGES, pledgePage } from '$lib/server/funds/page';
import { memberPage } from '$lib/server/funds/dashboard';
import { listPublicProjects } from '$lib/server/projects/queries';
import { listFunds } from '$lib/server/funds/queries';
import { useTestDatabase } from './support';

useTestDatabase();

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
	const { sql, params } = query.toSQL();
	const rows = await rawClient().execute({ sql: `explain query plan ${sql}`, args: params as never });
	return rows.rows.map((r) => String(r.detail));
}

/** The plan of the statement `work` sends whose SQL starts with `start`. */
async function planOfStatement(work: () => Promise<unknown>, start: string): Promise<string[]> {
	const client = rawClient() as unknown as { execute: (statement: InStatement) => Promise<unknown> };
	const execute = client.execute;
	const seen: InStatement[] = [];
	client.execute = (statement) => (seen.push(statement), execute(statement));
	try {
		await work();
	} finally {
		delete (client as { execute?: unknown }).execute;
	}
	const statement = seen.find((s) => (typeof s === 'string' ? s : s.sql).startsWith(start));
	if (!statement) throw new Error(`no statement starting with ${start}`);
	const { sql, args } = typeof statement === 'string' ? { sql: statement, args: [] } : statement;
	return planOf({ toSQL: () => ({ sql, params: args as unknown[] }) });
}

describe('query plans of a fund with many pledges', () => {
	it('reads a page of pledges from the members in name order, each one’s pledges from the index, without sorting the fund', async () => {
		const plan = await planOf(pledgePage('fund', 0, FUND_PAGE_PLEDGES));
		expect(plan).toContain('SCAN organisations USING COVERING INDEX organisations_name_idx');
		expect(plan).toContain('SEARCH pledges USING COVERING INDEX pledges_fund_member_idx (fund_id=? AND organisation_id=?)');
		// Then only the page's rows are read whole, each by its key.
		expect(plan).toContain('SEARCH pledges USING INDEX sqlite_autoindex_pledges_1 (id=?)');
		expect(plan.filter((line) => /^SCAN pledges\b/.test(line))).toEqual([]);
		expect(plan).not.toContain('USE TEMP B-TREE FOR GROUP BY');
		// Sorting is left to each member's few pledges (the right part of the order) and to the page itself.
		expect(plan.filter((line) => line === 'USE TEMP B-TREE FOR ORDER BY')).toHaveLength(1);
	});

	it('counts the dashboard’s members from the index, already grouped, before joining their names', async () => {
		const plan = await planOf(memberPage('fund', 1));
		expect(plan).toContain('SEARCH pledges USING COVERING INDEX pledges_fund_member_idx (fund_id=?)');
		expect(plan).not.toContain('USE TEMP B-TREE FOR GROUP BY');
		expect(plan.filter((line) => /^SCAN pledges\b/.test(line))).toEqual([]);
		// Organisations are looked up once per member, not once per pledge.
		expect(plan.indexOf('SCAN per_member')).toBeLessThan(plan.indexOf('SEARCH organisations USING INDEX sqlite_autoindex_organisations_1 (id=?)'));
		expect(plan.indexOf('SCAN per_member')).toBeGreaterThan(-1);
	});

	it('reads the newest projects first from the index, without sorting every project', async () => {
		const plan = await planOfStatement(() => listPublicProjects({}), 'select "projects"."id"');
		expect(plan).toContain('SCAN projects USING INDEX projects_published_idx');
		expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
	});

	it('reads the open funds first, by deadline, from the index, and counts the list apart', async () => {
		const plan = await planOfStatement(() => listFunds({ status: null, consortiumId: null }, 0, 20), 'select "funds"."id"');
		expect(plan).toContain('SCAN funds USING INDEX funds_list_order_idx');
		expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
	});
});
