import { and, desc, eq, inArray, ne, notInArray } from 'drizzle-orm';
import { db } from '../db';
import { organisations, projects } from '../db/schema';
import { publicThemesOf } from './similar';

/** At most this many projects are listed on a city's page; the list page shows the rest by theme. */
const SHOWN = 6;

/**
 * "Cherche des partenaires" for a city: published projects of other organisations that seek partners on the themes
 * of its own public projects and calls, newest first; in two queries whatever the number of projects.
 */
export async function seekingPartnersFor(organisationId: string) {
	const themes = (await publicThemesOf([organisationId])).get(organisationId) ?? [];
	if (themes.length === 0) return { themes, projects: [] };
	const rows = await db()
		.select({ id: projects.id, title: projects.title, theme: projects.theme, proposer: organisations.name, proposerSlug: organisations.slug })
		.from(projects)
		.innerJoin(organisations, eq(organisations.id, projects.proposerOrganisationId))
		.where(
			and(
				eq(projects.seekingPartners, true),
				notInArray(projects.status, ['draft', 'abandoned', 'completed']),
				inArray(projects.theme, themes as (typeof projects.theme.enumValues)[number][]),
				ne(projects.proposerOrganisationId, organisationId)
			)
		)
		.orderBy(desc(projects.publishedAt), projects.id)
		.limit(SHOWN);
	return { themes, projects: rows };
}
