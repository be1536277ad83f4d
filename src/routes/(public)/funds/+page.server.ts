import type { PageServerLoad } from './$types';
import { fundFiltersFrom, listFunds } from '$lib/server/funds/queries';
import { pageFrom } from '$lib/server/projects/filters';
import { countdown } from '$lib/countdown';
import * as m from '$lib/paraglide/messages';
import { ignoredFilters } from '$lib/domain/list-filters';

const FUNDS_PAGE_SIZE = 10;

export const load: PageServerLoad = async ({ url, locals }) => {
	// A draft fund is never public, whatever the address asks: `status=draft` is a filter ignored like any unknown one.
	const filters = fundFiltersFrom(url);
	const page = pageFrom(url);
	const { funds, total } = await listFunds(filters, (page - 1) * FUNDS_PAGE_SIZE, FUNDS_PAGE_SIZE);
	const now = new Date();
	return {
		description: m.funds_intro(),
		filters,
		ignored: ignoredFilters(url, { status: filters.status, consortium: filters.consortiumId }),
		page,
		pageCount: Math.max(1, Math.ceil(total / FUNDS_PAGE_SIZE)),
		total,
		signedIn: Boolean(locals.user),
		funds: funds.map((fund) => ({
			id: fund.id,
			name: fund.name,
			kind: fund.kind,
			status: fund.status,
			rule: fund.rule,
			targetCents: fund.targetCents,
			thresholdCents: fund.thresholdCents,
			deadline: fund.deadline,
			countdown: countdown(fund.deadline, now),
			consortiumId: fund.consortiumId,
			consortiumName: fund.consortiumName,
			totals: fund.totals
		}))
	};
};
