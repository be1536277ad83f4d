import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readiness } from '$lib/server/health/readiness';
import { expectedWriteWait, writeQueueLength } from '$lib/server/db/write-lock';
import { outboxBacklog } from '$lib/server/mail/outbox';

// Ready when the database answers, the data directory can be written and mail gets out; 503 lists what
// does not. `?details` adds what an operator watches under load: the emails not sent yet (and how long
// the oldest has waited), the writes queued in this process and how long a new one would wait (ms).
export const GET: RequestHandler = async ({ url }) => {
	const headers = { 'cache-control': 'no-store' };
	const failing = await readiness();
	if (failing.length > 0) return json({ status: 'unavailable', failing }, { status: 503, headers });
	if (!url.searchParams.has('details')) return json({ status: 'ok' }, { headers });
	return json(
		{ status: 'ok', details: { outbox: await outboxBacklog(), writeQueue: writeQueueLength(), writeWaitMs: Math.round(expectedWriteWait()) } },
		{ headers }
	);
};
