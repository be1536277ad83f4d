// How SQLite answers the two statements whose cost grew with a fund's pledges at national scale (the
// biggest fund of the bench has 5,000): a fund page's pledges and the dashboard's page of members. Both
// must walk pledges_fund_member_idx member by member (SQLite then stops once the page is full) instead of
// sorting or grouping every pledge of the fund in a temporary B-tree. The plan is fixed by the statement
// (CROSS JOIN keeps the order of the loops), not by statistics, so an empty database shows it.
import { describe, expect, it } from 'vitest';
import { rawClient } from '$lib/server/db';
import { FUND_PAGE_PLEDGES, pledgePage } from '$lib/server/funds/page';
import { memberPage } from '$lib/server/funds/dashboard';
import { useTestDatabase } from './support';

useTestDatabase();

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
	const { sql, params } = query.toSQL();
	const rows = await rawClient().execute({ sql: `explain query plan ${sql}`, args: params as never });
	return rows.rows.map((r) => String(r.detail));
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
});
