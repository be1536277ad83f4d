import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users';
import { roles } from '../../../domain/roles';

export { roles, type Role } from '../../../domain/roles';

import { organisationKinds, verificationStatuses } from '../../../domain/organisations';

// The vocabularies live in the domain; the schema reads them (re-exported for the code that imports them from here).
export { organisationKinds, verificationStatuses, type OrganisationKind, type VerificationStatus } from '../../../domain/organisations';

export const organisations = sqliteTable(
	'organisations',
	{
		id: text().primaryKey(),
		slug: text().notNull().unique(),
		kind: text({ enum: organisationKinds }).notNull(),
		name: text().notNull(),
		/** Communes only: the official INSEE code. */
		inseeCode: text(),
		siren: text(),
		/** The SIRET the organisation gives for open data (SCDL subventions): its SIREN and an establishment's NIC. */
		siret: text(),
		/** Startups only, normalised as "62.01Z". */
		nafCode: text(),
		/** Its Stripe customer, created the first time one of its pledges is invoiced. */
		stripeCustomerId: text(),
		description: text().notNull().default(''),
		isDemo: integer({ mode: 'boolean' }).notNull().default(false),
		verificationStatus: text({ enum: verificationStatuses }).notNull().default('unverified'),
		/**
		 * Set by migration 0013 on a live organisation whose SIREN an earlier live one already held: such
		 * rows are reported to the administrators, never merged, and stay outside the unique index below.
		 */
		sirenConflictAt: integer({ mode: 'timestamp_ms' }),
		rejectionReason: text(),
		reviewedAt: integer({ mode: 'timestamp_ms' }),
		reviewedBy: text().references(() => users.id),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('organisations_status_idx').on(t.verificationStatus, t.createdAt),
		// Lists of members are ordered by name (a fund's pledges are read from it, see pledges_fund_member_idx).
		index('organisations_name_idx').on(t.name, t.id),
		// A commune or an EPCI has at most one live claim; a rejected claim does not block a new one.
		uniqueIndex('organisations_live_commune_idx')
			.on(t.inseeCode)
			.where(sql`${t.kind} = 'city' and ${t.verificationStatus} <> 'rejected'`),
		uniqueIndex('organisations_live_epci_idx')
			.on(t.siren)
			.where(sql`${t.kind} = 'intercommunality' and ${t.verificationStatus} <> 'rejected'`),
		// One live organisation per SIREN, whatever its kind (a startup cannot reuse a town hall's).
		uniqueIndex('organisations_live_siren_idx')
			.on(t.siren)
			.where(sql`${t.siren} is not null and ${t.verificationStatus} <> 'rejected' and ${t.sirenConflictAt} is null`)
	]
);

export const memberships = sqliteTable(
	'memberships',
	{
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text({ enum: roles }).notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('memberships_user_idx').on(t.userId)]
);

export const invitations = sqliteTable(
	'invitations',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		email: text().notNull(),
		role: text({ enum: roles }).notNull(),
		tokenHash: text().notNull().unique(),
		invitedBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
		acceptedAt: integer({ mode: 'timestamp_ms' }),
		acceptedBy: text().references(() => users.id),
		cancelledAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('invitations_org_idx').on(t.organisationId)]
);

export type Organisation = typeof organisations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
