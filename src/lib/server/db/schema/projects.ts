import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { organisations } from './organisations';
import { projectStatuses, projectThemes } from '../../../domain/projects';

export const projects = sqliteTable(
	'projects',
	{
		id: text().primaryKey(),
		proposerOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		title: text().notNull(),
		summary: text().notNull(),
		/** Markdown, rendered without raw HTML. */
		description: text().notNull().default(''),
		theme: text({ enum: projectThemes }).notNull(),
		estimatedBudgetCents: integer(),
		seekingPartners: integer({ mode: 'boolean' }).notNull().default(false),
		status: text({ enum: projectStatuses }).notNull().default('draft'),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		publishedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('projects_status_published_idx').on(t.status, t.publishedAt),
		// The list's default order (newest first) read from the index and cut after a page, instead of sorting
		// every project; `status` lets it skip drafts without reading their rows.
		index('projects_published_idx').on(t.publishedAt, t.id, t.status),
		index('projects_theme_idx').on(t.theme, t.status),
		index('projects_proposer_idx').on(t.proposerOrganisationId)
	]
);

export const projectDepartements = sqliteTable(
	'project_departements',
	{
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		departementCode: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.projectId, t.departementCode] }), index('project_departements_code_idx').on(t.departementCode)]
);

export const coproposerStatuses = ['invited', 'accepted', 'declined'] as const;

export const projectCoproposers = sqliteTable(
	'project_coproposers',
	{
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		status: text({ enum: coproposerStatuses }).notNull().default('invited'),
		invitedBy: text()
			.notNull()
			.references(() => users.id),
		invitedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		respondedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.projectId, t.organisationId] }), index('project_coproposers_org_idx').on(t.organisationId)]
);

export type Project = typeof projects.$inferSelect;
export type ProjectCoproposer = typeof projectCoproposers.$inferSelect;
