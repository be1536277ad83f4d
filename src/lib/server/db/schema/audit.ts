import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Who did what, when, acting as which organisation, on which object. Never updated or deleted. */
export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		at: integer({ mode: 'timestamp_ms' }).notNull(),
		actorUserId: text(),
		actingOrganisationId: text(),
		action: text().notNull(),
		objectType: text().notNull(),
		objectId: text().notNull(),
		/** JSON with the details of the change. */
		details: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [index('audit_events_object_idx').on(t.objectType, t.objectId), index('audit_events_at_idx').on(t.at)]
);

export type AuditEvent = typeof auditEvents.$inferSelect;
