import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fundSummary } from '$lib/server/funds/queries';
import { subsidyFile } from '$lib/server/opendata/http';
import * as m from '$lib/paraglide/messages';

// The subsidies this fund paid, in SCDL subventions 2.1.1: one row per disbursement and member.
export const GET: RequestHandler = async ({ params }) => {
	const fund = await fundSummary(params.id);
	if (!fund || fund.status === 'draft') error(404, m.error_not_found());
	return subsidyFile({ fundId: fund.id }, 'json', `subventions-fonds-${fund.id}`);
};
