import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../db';
import { consortia, consortiumMembers, organisations } from '../db/schema';
import { audit, type Actor } from '../audit/audit';
import { notify } from '../notifications/notify';
import { adminsOf } from '../organisations/queries';
import { checkRules, consortiumStatusFor, isCurrentMember, type MemberPlaces } from '../../domain/consortia';
import { placesOf } from './places';

/** The rule report of a consortium as its members stand in this transaction. */
export async function ruleReport(tx: Queryable, consortiumId: string) {
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	const rows = await tx
		.select({ member: consortiumMembers, kind: organisations.kind })
		.from(consortiumMembers)
		.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
		.where(eq(consortiumMembers.consortiumId, consortiumId));
	const places = await placesOf(
		tx,
		rows.map((r) => r.member.organisationId!)
	);
	const members: MemberPlaces[] = rows.map((r) => ({
		organisationId: r.member.organisationId!,
		kind: r.kind,
		status: r.member.status,
		departements: places.get(r.member.organisationId!)?.departements ?? [],
		regions: places.get(r.member.organisationId!)?.regions ?? []
	}));
	return { consortium, members, report: checkRules(consortium, members) };
}

/**
 * Puts the consortium in the state its rules and approvals call for (forming ↔ active), with an audit
 * event and a notification to every member when it changes. Called by every membership change.
 */
export async function refreshStatus(tx: Tx, consortiumId: string, actor: Actor) {
	const { consortium, members, report } = await ruleReport(tx, consortiumId);
	const next = consortiumStatusFor(consortium.status, report);
	if (next === consortium.status) return next;
	await tx.update(consortia).set({ status: next, updatedAt: new Date() }).where(eq(consortia.id, consortiumId));
	await audit(tx, actor, `consortium.${next}`, { type: 'consortium', id: consortiumId }, { from: consortium.status });
	const memberIds = members.filter((m) => isCurrentMember(m.status)).map((m) => m.organisationId);
	await notify(tx, await adminsOf(tx, memberIds), {
		type: next === 'active' ? 'consortium.active' : 'consortium.forming',
		params: { consortium: consortium.name },
		link: `/consortia/${consortiumId}`
	});
	return next;
}
