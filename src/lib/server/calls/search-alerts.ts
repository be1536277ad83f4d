import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { calls } from '../db/schema';
import { alertMatchingSearches } from '../notifications/search-alerts';
import { savedSearchUrl } from '../../domain/saved-searches';
import { callFiltersFrom } from './filters';
import { publicConditions } from './queries';

/** A call just opened: the saved searches of calls whose list now shows it are told. */
export function alertCallSearches(tx: Tx, callId: string, title: string) {
	return alertMatchingSearches(tx, 'calls', callId, title, async (query) => {
		const [match] = await tx
			.select({ id: calls.id })
			.from(calls)
			.where(and(eq(calls.id, callId), publicConditions(callFiltersFrom(savedSearchUrl('calls', query)))));
		return Boolean(match);
	});
}
