import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users';
import { organisations } from './organisations';
import { projects } from './projects';
import { consortiumStatuses, memberStatuses } from '../../../domain/consortia';

export const consortia = sqliteTable(
	'consortia',
	{
		id: text().primaryKey(),
		name: text().notNull(),
		/** Markdown. */
		purpose: text().notNull(),
		coordinatorOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** A member city offered the coordinator role, until it accepts. */
		proposedCoordinatorOrganisationId: text().references(() => organisations.id),
		status: text({ enum: consortiumStatuses }).notNull().default('forming'),
		minMembers: integer().notNull(),
		minDepartements: integer().notNull(),
		/** Région codes, JSON; empty for any région. */
		allowedRegions: text({ mode: 'json' }).$type<string[]>().notNull().default([]),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		dissolvedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('consortia_status_idx').on(t.status), index('consortia_coordinator_idx').on(t.coordinatorOrganisationId)]
);

export const decisionKinds = ['council', 'president_delegation'] as const;

/**
 * A member or invited member. An invitation may name a commune or an EPCI of the official list that
 * has no account yet (organisation_id null): it waits for a verified claim of that commune or EPCI.
 */
export const consortiumMembers = sqliteTable(
	'consortium_members',
	{
		id: text().primaryKey(),
		consortiumId: text()
			.notNull()
			.references(() => consortia.id, { onDelete: 'cascade' }),
		organisationId: text().references(() => organisations.id),
		inseeCode: text(),
		epciSiren: text(),
		/** The official name, for a pending invitation of an entity without an account. */
		invitedName: text().notNull(),
		status: text({ enum: memberStatuses }).notNull().default('invited'),
		invitedBy: text()
			.notNull()
			.references(() => users.id),
		invitedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		respondedAt: integer({ mode: 'timestamp_ms' }),
		decisionKind: text({ enum: decisionKinds }),
		deliberationNumber: text(),
		deliberationDate: integer({ mode: 'timestamp_ms' }),
		deliberationFile: text(),
		deliberationFileName: text(),
		approvedBy: text().references(() => users.id),
		approvedAt: integer({ mode: 'timestamp_ms' }),
		withdrawalReason: text(),
		withdrawnAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('consortium_members_consortium_idx').on(t.consortiumId),
		index('consortium_members_org_idx').on(t.organisationId),
		index('consortium_members_insee_idx').on(t.inseeCode),
		index('consortium_members_epci_idx').on(t.epciSiren),
		// One live membership per organisation and consortium.
		uniqueIndex('consortium_members_live_idx')
			.on(t.consortiumId, t.organisationId)
			.where(sql`${t.organisationId} is not null and ${t.status} in ('invited', 'accepted', 'council_approved')`)
	]
);

/** Délibération numbers are unique per city: the same number cannot approve two things. */
export const deliberationNumbers = sqliteTable(
	'deliberation_numbers',
	{
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		number: text().notNull(),
		memberId: text()
			.notNull()
			.references(() => consortiumMembers.id)
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.number] })]
);

export const consortiumProjects = sqliteTable(
	'consortium_projects',
	{
		consortiumId: text()
			.notNull()
			.references(() => consortia.id, { onDelete: 'cascade' }),
		projectId: text()
			.notNull()
			.references(() => projects.id)
	},
	(t) => [primaryKey({ columns: [t.consortiumId, t.projectId] }), index('consortium_projects_project_idx').on(t.projectId)]
);

export type Consortium = typeof consortia.$inferSelect;
export type ConsortiumMember = typeof consortiumMembers.$inferSelect;
