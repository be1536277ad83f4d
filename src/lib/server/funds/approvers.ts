import { and, asc, eq, inArray } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { ledgerEntries, memberships, pledges, users } from '../db/schema';

const signatoriesOf = (organisationId: string, q: Queryable) =>
	q
		.select({ id: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'signatory')))
		.orderBy(asc(users.name));

/**
 * For each of `pledgeIds` (intents of `organisationId`), the names of the signatories who may approve
 * it: every signatory of the organisation who neither entered nor amended it, approvePledge's own
 * rule. An empty list means nobody can yet: a page then says how to get a second signatory, rather
 * than "a signatory will approve it".
 */
export async function approversOf(organisationId: string, pledgeIds: string[], q: Queryable = db()): Promise<Map<string, string[]>> {
	if (pledgeIds.length === 0) return new Map();
	const [signatories, actors, entered] = await Promise.all([
		signatoriesOf(organisationId, q),
		q
			.selectDistinct({ pledgeId: ledgerEntries.pledgeId, userId: ledgerEntries.actorUserId })
			.from(ledgerEntries)
			.where(and(inArray(ledgerEntries.pledgeId, pledgeIds), inArray(ledgerEntries.kind, ['pledge', 'amend_up', 'amend_down']))),
		q.select({ pledgeId: pledges.id, userId: pledges.enteredBy }).from(pledges).where(inArray(pledges.id, pledgeIds))
	]);
	const shaped = new Map<string, Set<string>>();
	for (const { pledgeId, userId } of [...actors, ...entered]) {
		if (!pledgeId || !userId) continue;
		const set = shaped.get(pledgeId) ?? new Set<string>();
		set.add(userId);
		shaped.set(pledgeId, set);
	}
	return new Map(pledgeIds.map((id) => [id, signatories.filter((s) => !shaped.get(id)?.has(s.id)).map((s) => s.name)]));
}

/**
 * For each of `offers` (proposed match offers of the partner `organisationId`), the names of the signatories who
 * may approve it: every signatory of the partner but the person who entered it, approveMatchOffer's own rule.
 */
export async function offerApproversOf(organisationId: string, offers: { id: string; createdBy: string }[], q: Queryable = db()) {
	if (offers.length === 0) return new Map<string, string[]>();
	const signatories = await signatoriesOf(organisationId, q);
	return new Map(offers.map((o) => [o.id, signatories.filter((s) => s.id !== o.createdBy).map((s) => s.name)]));
}
