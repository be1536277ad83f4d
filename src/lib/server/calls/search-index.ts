import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { callDepartements, calls, consortiumMembers, organisations } from '../db/schema';
import { placesOf } from '../consortia/places';
import { foldForSearch } from '../../domain/text';

/**
 * Rewrites a call's row of the full-text index (title, challenge, publisher) and the départements it
 * concerns, in the transaction that created, changed or opened it.
 */
export async function indexCall(tx: Tx, callId: string) {
	const [row] = await tx
		.select({
			title: calls.title,
			challenge: calls.challenge,
			publisherId: calls.publisherOrganisationId,
			publisherName: organisations.name,
			consortiumId: calls.consortiumId
		})
		.from(calls)
		.innerJoin(organisations, eq(organisations.id, calls.publisherOrganisationId))
		.where(eq(calls.id, callId));
	if (!row) return;
	await tx.run(sql`DELETE FROM calls_search WHERE call_id = ${callId}`);
	await tx.run(
		sql`INSERT INTO calls_search (call_id, title, challenge, publisher)
		    VALUES (${callId}, ${foldForSearch(row.title)}, ${foldForSearch(row.challenge)}, ${foldForSearch(row.publisherName)})`
	);
	// A consortium's call concerns its current members' territories; otherwise its publisher's.
	const organisationIds = row.consortiumId
		? (
				await tx
					.select({ id: consortiumMembers.organisationId })
					.from(consortiumMembers)
					.where(
						and(
							eq(consortiumMembers.consortiumId, row.consortiumId),
							inArray(consortiumMembers.status, ['accepted', 'council_approved']),
							isNotNull(consortiumMembers.organisationId)
						)
					)
			).map((m) => m.id!)
		: [];
	if (!organisationIds.includes(row.publisherId)) organisationIds.push(row.publisherId);
	const places = await placesOf(tx, organisationIds);
	const codes = new Set([...places.values()].flatMap((p) => p.departements));
	await tx.delete(callDepartements).where(eq(callDepartements.callId, callId));
	if (codes.size) await tx.insert(callDepartements).values([...codes].map((departementCode) => ({ callId, departementCode })));
}
