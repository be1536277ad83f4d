import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fundSummary, ledgerWithRunningTotals, previousLedgerPage } from '$lib/server/funds/queries';
import * as m from '$lib/paraglide/messages';

const PAGE_SIZE = 50;

/** `?after=<seq>`: the page starts after that entry; anything else is the first page, never an error. */
function afterFrom(url: URL): number {
	const raw = url.searchParams.get('after') ?? '';
	return /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

// The public ledger of a fund: every entry in order, with the fund's totals after each one.
export const load: PageServerLoad = async ({ params, url }) => {
	const fund = await fundSummary(params.id);
	if (!fund || fund.status === 'draft') error(404, m.error_not_found());
	const after = afterFrom(url);
	const [page, previous] = await Promise.all([ledgerWithRunningTotals(fund.id, after, PAGE_SIZE), previousLedgerPage(fund.id, after, PAGE_SIZE)]);
	return {
		description: m.meta_ledger({ fund: fund.name }),
		fund: { id: fund.id, name: fund.name, status: fund.status, consortiumName: fund.consortiumName, targetCents: fund.targetCents },
		totals: fund.totals,
		after,
		previous,
		next: page.nextSeq,
		entries: page.entries.map((e) => ({
			seq: e.seq,
			at: e.at,
			kind: e.kind,
			isMatch: e.isMatch,
			organisation: e.organisationName ?? '',
			reference: e.reference,
			amountCents: e.amountCents,
			committed: e.running.committed,
			received: e.running.received,
			available: e.running.available
		}))
	};
};
