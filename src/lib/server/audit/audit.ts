import type { AuditKind } from '$lib/domain/audit-kinds';
import type { Tx } from '../db';
import { auditEvents } from '../db/schema';

/** Who acts: a person, acting as one of their organisations, or the platform itself (null user). */
export interface Actor {
	userId: string | null;
	organisationId: string | null;
}

export const platformActor: Actor = { userId: null, organisationId: null };

export async function audit(
	tx: Tx,
	actor: Actor,
	action: AuditKind,
	object: { type: string; id: string },
	details: Record<string, unknown> = {},
	/** When it happened, if not now: only the demo seed, which tells a story of past weeks, sets it. */
	at = new Date()
) {
	await tx.insert(auditEvents).values({
		at,
		actorUserId: actor.userId,
		actingOrganisationId: actor.organisationId,
		action,
		objectType: object.type,
		objectId: object.id,
		details
	});
}
