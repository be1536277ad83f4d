import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { savedSearches } from '../db/schema';
import type { SavedSearchTarget } from '../../domain/saved-searches';
import { notify } from './notify';

/**
 * Tells everyone whose saved search matches a call or project just published, in the transaction that
 * published it: a notification, emailed now or in the daily digest as each person chose. `matches` asks the
 * publishing aggregate (calls, projects) whether the object is in a saved query's list, one query per saved
 * search; the searches themselves are read here, below those aggregates, so that they need not import alerts.
 */
export async function alertMatchingSearches(tx: Tx, target: SavedSearchTarget, objectId: string, title: string, matches: (query: string) => Promise<boolean>) {
	const searches = await tx
		.select()
		.from(savedSearches)
		.where(and(eq(savedSearches.target, target), eq(savedSearches.emailAlerts, true)));
	for (const search of searches) {
		if (!(await matches(search.query))) continue;
		const link = target === 'calls' ? `/calls/${objectId}` : `/projects/${objectId}`;
		const search_ = search.label || (target === 'calls' ? 'appels' : 'projets');
		await notify(
			tx,
			[search.userId],
			target === 'calls'
				? { type: 'call.opened_matching', params: { call: title, search: search_, unsubscribe: `/alerts/unsubscribe/${search.token}` }, link }
				: { type: 'project.published_matching', params: { project: title, search: search_, unsubscribe: `/alerts/unsubscribe/${search.token}` }, link }
		);
	}
}
