import type { AuditKind } from '$lib/domain/audit-kinds';
import type { Tx } from '../db';
import { auditEvents } from '../db/schema';

/** Who acts: a person, acting as one of their organisations, or the platform itself (null user). */
export interface Actor {
	userId: string | null;
	organisationId: string | null;
}

export const platformActor: Actor = { userId: null, organisationId: null };

/** Something an audited step sets off, in the step's own transaction (followers told of a fund's step…). */
export type AuditObserver = (tx: Tx, actor: Actor, action: AuditKind, object: { type: string; id: string }, details: Record<string, unknown>) => Promise<void>;

// The audit trail sits below every aggregate, so it cannot import what reacts to it: the platform registers
// its observers at start (src/lib/server/platform.ts), tests register the ones they exercise.
const observers = new Set<AuditObserver>();

/** Registers an observer of every audited step; returns what unregisters it. */
export function observeAudit(observer: AuditObserver): () => void {
	observers.add(observer);
	return () => observers.delete(observer);
}

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
	for (const observe of observers) await observe(tx, actor, action, object, details);
}
