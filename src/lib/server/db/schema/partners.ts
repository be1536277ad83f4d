import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users';
import { organisations } from './organisations';
import { projects } from './projects';
import { interestKinds, interestStatuses, type ReusablePart } from '../../../domain/partners';

/** What an organisation says of itself publicly, beside the official data of the organisations table. */
export const organisationProfiles = sqliteTable(
	'organisation_profiles',
	{
		organisationId: text()
			.primaryKey()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		website: text(),
		/** A public, functional address (mairie@…, numerique@…): shown on the page and in the API. */
		contactEmail: text(),
		contactPhone: text(),
		/** Startups: the work they point cities to (clients, pilots, awards), shown on their public profile. */
		references: text().notNull().default(''),
		/** A small PNG, JPEG or WebP, checked by its first bytes. */
		logo: blob({ mode: 'buffer' }),
		logoType: text(),
		/** Cities and EPCI: the référent numérique for TPE/PME. */
		referentName: text(),
		referentRole: text(),
		referentEmail: text(),
		referentPhone: text(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedBy: text().references(() => users.id)
	},
	(t) => [index('organisation_profiles_referent_idx').on(t.referentName)]
);

/**
 * An organisation's interest in another's project: to join it as co-proposer, or to replicate it (its own
 * project, `replicaProjectId`, reproducing the original). The project's owner accepts or declines.
 */
export const projectInterests = sqliteTable(
	'project_interests',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		kind: text({ enum: interestKinds }).notNull(),
		status: text({ enum: interestStatuses }).notNull().default('requested'),
		replicaProjectId: text().references(() => projects.id, { onDelete: 'set null' }),
		message: text().notNull().default(''),
		requestedBy: text()
			.notNull()
			.references(() => users.id),
		requestedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		answeredBy: text().references(() => users.id),
		answeredAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('project_interests_project_idx').on(t.projectId, t.status),
		index('project_interests_org_idx').on(t.organisationId),
		index('project_interests_replica_idx').on(t.replicaProjectId),
		// One live interest of each kind per organisation and project.
		uniqueIndex('project_interests_live_idx')
			.on(t.projectId, t.organisationId, t.kind)
			.where(sql`${t.status} in ('requested', 'accepted')`)
	]
);

/** What makes a project reusable by another city, and which parts its owner lets others copy. */
export const projectReuse = sqliteTable('project_reuse', {
	projectId: text()
		.primaryKey()
		.references(() => projects.id, { onDelete: 'cascade' }),
	/** An SPDX identifier or a licence's name (Licence Ouverte 2.0, EUPL-1.2…). */
	licence: text(),
	repositoryUrl: text(),
	contactName: text(),
	contactEmail: text(),
	reusableParts: text({ mode: 'json' }).$type<ReusablePart[]>().notNull().default([]),
	updatedAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export const projectBudgetLines = sqliteTable(
	'project_budget_lines',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		label: text().notNull(),
		amountCents: integer().notNull()
	},
	(t) => [index('project_budget_lines_project_idx').on(t.projectId, t.position)]
);

export const projectIndicators = sqliteTable(
	'project_indicators',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		name: text().notNull(),
		unit: text().notNull(),
		baseline: real(),
		target: real()
	},
	(t) => [index('project_indicators_project_idx').on(t.projectId, t.position)]
);

export const indicatorMeasurements = sqliteTable(
	'indicator_measurements',
	{
		indicatorId: text()
			.notNull()
			.references(() => projectIndicators.id, { onDelete: 'cascade' }),
		/** The day measured, YYYY-MM-DD. */
		measuredOn: text().notNull(),
		value: real().notNull()
	},
	(t) => [primaryKey({ columns: [t.indicatorId, t.measuredOn] })]
);

export const projectDocuments = sqliteTable(
	'project_documents',
	{
		id: text().primaryKey(),
		projectId: text()
			.notNull()
			.references(() => projects.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		/** The stored PDF under UPLOAD_DIR (random name) and the name it is downloaded as. */
		file: text().notNull(),
		fileName: text().notNull(),
		size: integer().notNull(),
		sha256: text().notNull().default(''),
		/** Copied into a project that replicates this one ("Reproduire ce projet"). */
		reusable: integer({ mode: 'boolean' }).notNull().default(false),
		uploadedBy: text()
			.notNull()
			.references(() => users.id),
		uploadedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('project_documents_project_idx').on(t.projectId), index('project_documents_file_idx').on(t.file)]
);

export type OrganisationProfile = typeof organisationProfiles.$inferSelect;
export type ProjectInterest = typeof projectInterests.$inferSelect;
export type ProjectReuse = typeof projectReuse.$inferSelect;
export type ProjectBudgetLine = typeof projectBudgetLines.$inferSelect;
export type ProjectIndicator = typeof projectIndicators.$inferSelect;
export type ProjectDocument = typeof projectDocuments.$inferSelect;
