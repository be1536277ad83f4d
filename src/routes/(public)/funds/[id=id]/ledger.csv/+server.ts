import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fundSummary } from '$lib/server/funds/queries';
import { fundLedgerCsv } from '$lib/server/funds/ledger-csv';
import * as m from '$lib/paraglide/messages';
import { FRENCH_SPREADSHEET, RFC4180 } from '$lib/domain/csv';

// The fund's ledger, public like the page that shows it, as a file a spreadsheet opens: streamed a page
// of entries at a time, so a ledger of any length costs the server the same memory. `?format=fr` gives the
// variant a spreadsheet set to French opens as columns (semicolons, decimal commas).
export const GET: RequestHandler = async ({ params, url }) => {
	const french = url.searchParams.get('format') === 'fr';
	const fund = await fundSummary(params.id);
	if (!fund || fund.status === 'draft') error(404, m.error_not_found());
	return new Response(fundLedgerCsv(fund.id, french ? FRENCH_SPREADSHEET : RFC4180), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="ledger-${fund.id}${french ? '-fr' : ''}.csv"`,
			'cache-control': 'no-cache'
		}
	});
};
