// Open-data files as HTTP answers: a download name, no caching surprises, CORS open (they are public).

import { error } from '@sveltejs/kit';
import { subsidyCsv, subsidyExport, subsidyJson, type SubsidyScope } from './subventions';

const common = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };

export function csvFile(text: string, filename: string) {
	return new Response(text, { headers: { ...common, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` } });
}

export function jsonFile(body: unknown) {
	return new Response(JSON.stringify(body), { headers: { ...common, 'content-type': 'application/json; charset=utf-8' } });
}

/** The subsidies of a scope as `format`, named after `name` (ASCII letters, digits and dashes). */
export async function subsidyFile(scope: SubsidyScope, format: 'csv' | 'json', name: string) {
	if (!/^[a-z0-9-]{1,120}$/.test(name)) error(400);
	const { rows } = await subsidyExport(scope);
	return format === 'csv' ? csvFile(subsidyCsv(rows), `${name}.csv`) : jsonFile(subsidyJson(rows));
}
