import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { projects } from '../db/schema';
import { alertMatchingSearches } from '../notifications/search-alerts';
import { savedSearchUrl } from '../../domain/saved-searches';
import { projectFiltersFrom } from './filters';
import { publicListConditions } from './queries';

/** A project just published: the saved searches of projects whose list now shows it are told. */
export function alertProjectSearches(tx: Tx, projectId: string, title: string) {
	return alertMatchingSearches(tx, 'projects', projectId, title, async (query) => {
		const [match] = await tx
			.select({ id: projects.id })
			.from(projects)
			.where(and(eq(projects.id, projectId), publicListConditions(projectFiltersFrom(savedSearchUrl('projects', query)))));
		return Boolean(match);
	});
}
