import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readiness } from '$lib/server/health/readiness';

// Ready when the database answers, the data directory can be written and mail gets out; 503 lists what does not.
export const GET: RequestHandler = async () => {
	const failing = await readiness();
	return failing.length === 0
		? json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } })
		: json({ status: 'unavailable', failing }, { status: 503, headers: { 'cache-control': 'no-store' } });
};
