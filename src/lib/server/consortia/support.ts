// What the consortium commands share: the rows they load.

import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, consortiumMembers } from '../db/schema';
// Loaded for what it does: the steps these commands audit reach the followers, whoever runs the command.
import '../observers/follow-steps';

export async function loadConsortium(tx: Tx, consortiumId: string) {
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	return consortium;
}

export async function memberRow(tx: Tx, memberId: string) {
	const [row] = await tx
		.select({ member: consortiumMembers, consortium: consortia })
		.from(consortiumMembers)
		.innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
		.where(eq(consortiumMembers.id, memberId));
	return row;
}
