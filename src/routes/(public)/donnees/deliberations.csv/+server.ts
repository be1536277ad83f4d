import type { RequestHandler } from './$types';
import { deliberations, deliberationsCsv } from '$lib/server/opendata/deliberations';
import { csvFile } from '$lib/server/opendata/http';

// Every délibération recorded on the platform, as a spreadsheet.
export const GET: RequestHandler = async ({ url }) => csvFile(deliberationsCsv(await deliberations(), url.origin), 'deliberations-entente.csv');
