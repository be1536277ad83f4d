import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { organisations } from './organisations';

// Who may act for an organisation, and how a person proves it is them: the evidence filed with a
// claim or a signatory role, the domains an organisation writes from, and the second factor.

export const evidencePurposes = ['claim', 'signatory'] as const;
export type EvidencePurpose = (typeof evidencePurposes)[number];

/** The act that empowers a person (arrêté de délégation, délibération naming them), as a stored PDF. */
export const authorityEvidence = sqliteTable(
	'authority_evidence',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		purpose: text({ enum: evidencePurposes }).notNull(),
		/** The person the act empowers, lower-case (an invitee may have no account yet). */
		subjectEmail: text().notNull(),
		/** Their function as they state it ("maire adjoint chargé des finances"). */
		function: text().notNull(),
		file: text().notNull(),
		fileName: text().notNull(),
		filedBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('authority_evidence_org_idx').on(t.organisationId, t.createdAt)]
);

/** The email domains an organisation is known to write from, kept by the platform administrators. */
export const organisationDomains = sqliteTable(
	'organisation_domains',
	{
		organisationId: text()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		domain: text().notNull(),
		addedBy: text()
			.notNull()
			.references(() => users.id),
		addedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.domain] }), index('organisation_domains_domain_idx').on(t.domain)]
);

/** A person's TOTP key (RFC 6238, 30 s, 6 digits) once they have confirmed it with a first code. */
export const totpCredentials = sqliteTable('totp_credentials', {
	userId: text()
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** The 20-byte key, base64. */
	key: text().notNull(),
	/** The last time step a code was accepted for: a code of that step or earlier is a replay. */
	lastCounter: integer().notNull().default(0),
	enrolledAt: integer({ mode: 'timestamp_ms' }).notNull()
});

/** Single-use recovery codes; only their SHA-256 is stored. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text().notNull(),
		usedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

export type AuthorityEvidence = typeof authorityEvidence.$inferSelect;
export type OrganisationDomain = typeof organisationDomains.$inferSelect;
export type TotpCredential = typeof totpCredentials.$inferSelect;
