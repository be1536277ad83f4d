import { count, desc, eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db } from '../db';
import { auditEvents, communes, departements, organisations, users } from '../db/schema';

/** Claims waiting for a platform admin, oldest first, with who made them and where. */
export function verificationQueue() {
	return db()
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			siren: organisations.siren,
			inseeCode: organisations.inseeCode,
			nafCode: organisations.nafCode,
			description: organisations.description,
			createdAt: organisations.createdAt,
			claimantName: users.name,
			claimantEmail: users.email,
			departementName: departements.name,
			departementCode: departements.code
		})
		.from(organisations)
		.innerJoin(users, eq(users.id, organisations.createdBy))
		.leftJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.leftJoin(departements, eq(departements.code, communes.departementCode))
		.where(eq(organisations.verificationStatus, 'unverified'))
		.orderBy(organisations.createdAt);
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, by pages of AUDIT_PAGE_SIZE before the event id `before`. */
export async function auditLog(before?: number) {
	const actor = alias(users, 'actor');
	const rows = await db()
		.select({
			id: auditEvents.id,
			at: auditEvents.at,
			action: auditEvents.action,
			objectType: auditEvents.objectType,
			objectId: auditEvents.objectId,
			details: auditEvents.details,
			actorName: actor.name,
			actorEmail: actor.email,
			organisationName: organisations.name
		})
		.from(auditEvents)
		.leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
		.leftJoin(organisations, eq(organisations.id, auditEvents.actingOrganisationId))
		.where(before ? lt(auditEvents.id, before) : undefined)
		.orderBy(desc(auditEvents.id))
		.limit(AUDIT_PAGE_SIZE + 1);
	return {
		events: rows.slice(0, AUDIT_PAGE_SIZE),
		nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null
	};
}

export async function auditEventCount() {
	const [row] = await db().select({ value: count() }).from(auditEvents);
	return row?.value ?? 0;
}
