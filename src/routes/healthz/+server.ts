import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { databaseAnswers } from '$lib/server/db/health';

export const GET: RequestHandler = async () =>
	(await databaseAnswers())
		? json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } })
		: json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
