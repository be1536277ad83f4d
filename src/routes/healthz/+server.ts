import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { databaseAnswers } from '$lib/server/db/health';
import { writeQueueLength } from '$lib/server/db/write-lock';
import { outboxBacklog } from '$lib/server/mail/outbox';

// The probe stays one `SELECT 1`; `?details` adds what an operator watches under load: the emails not
// sent yet (and how long the oldest has waited) and the writes queued in this process.
export const GET: RequestHandler = async ({ url }) => {
	if (!(await databaseAnswers())) return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	if (!url.searchParams.has('details')) return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	return json({ status: 'ok', details: { outbox: await outboxBacklog(), writeQueue: writeQueueLength() } }, { headers: { 'cache-control': 'no-store' } });
};
