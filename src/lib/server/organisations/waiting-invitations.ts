import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, consortiumMembers, type Organisation } from '../db/schema';
import { notify } from '../notifications/notify';
import { adminsOf } from './queries';

// Part of verifying an organisation, so it lives here rather than in consortia (which reads organisations: keeping it
// there made the two folders import each other). It only links the waiting invitation rows; their status stays theirs.
const LOCAL_AUTHORITIES = ['city', 'intercommunality'];

/**
 * When a claim is verified, the invitations waiting for that commune or EPCI are offered to it.
 * Runs in the verification's transaction.
 */
export async function offerWaitingInvitations(tx: Tx, organisation: Organisation) {
	if (!LOCAL_AUTHORITIES.includes(organisation.kind)) return;
	const key =
		organisation.kind === 'city' ? eq(consortiumMembers.inseeCode, organisation.inseeCode ?? '') : eq(consortiumMembers.epciSiren, organisation.siren ?? '');
	const waiting = await tx
		.select({ id: consortiumMembers.id, consortiumId: consortia.id, name: consortia.name })
		.from(consortiumMembers)
		.innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
		.where(and(key, isNull(consortiumMembers.organisationId), eq(consortiumMembers.status, 'invited')));
	for (const invitation of waiting) {
		await tx.update(consortiumMembers).set({ organisationId: organisation.id }).where(eq(consortiumMembers.id, invitation.id));
		await notify(tx, await adminsOf(tx, [organisation.id]), {
			type: 'consortium.invited',
			params: { consortium: invitation.name },
			link: `/consortia/${invitation.consortiumId}`
		});
	}
}
