// What the consortium commands share: the rows they load and who coordinates.

import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, consortiumMembers, type User } from '../db/schema';
import type { Actor } from '../audit/audit';
import { roleIn } from '../organisations/queries';

export const LOCAL_AUTHORITIES = ['city', 'intercommunality'];
export const LIVE = ['invited', 'accepted', 'council_approved'] as const;

export async function loadConsortium(tx: Tx, consortiumId: string) {
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	return consortium;
}

/** The consortium if `user` is an admin of its coordinating organisation and it is not dissolved. */
export async function asCoordinator(tx: Tx, user: User, consortiumId: string) {
	const consortium = await loadConsortium(tx, consortiumId);
	if (!consortium) return { refusal: 'not_found' as const };
	if (consortium.status === 'dissolved') return { refusal: 'dissolved' as const };
	if ((await roleIn(tx, consortium.coordinatorOrganisationId, user.id)) !== 'admin') return { refusal: 'forbidden' as const };
	return { consortium, actor: { userId: user.id, organisationId: consortium.coordinatorOrganisationId } as Actor };
}

export async function memberRow(tx: Tx, memberId: string) {
	const [row] = await tx
		.select({ member: consortiumMembers, consortium: consortia })
		.from(consortiumMembers)
		.innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
		.where(eq(consortiumMembers.id, memberId));
	return row;
}
