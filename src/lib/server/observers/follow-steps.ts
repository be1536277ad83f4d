import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, funds } from '../db/schema';
import { observeAudit, type AuditObserver } from '../audit/audit';
import { followersOf } from '../follows/follows';
import { notify } from '../notifications/notify';
import { followedObjectOf } from '../../domain/follow-steps';

// Followers of a consortium or a fund hear of its later steps wherever the command that takes them lives:
// every step is audited, so they are told from the audit trail, in the step's transaction.

async function nameOf(tx: Tx, type: 'consortium' | 'fund', id: string) {
	const table = type === 'fund' ? funds : consortia;
	const [row] = await tx.select({ name: table.name }).from(table).where(eq(table.id, id));
	return row?.name ?? null;
}

/** Tells the followers of the step's consortium or fund, in app and by mail as each chose; never the one who acted. */
export const tellFollowersOfStep: AuditObserver = async (tx, actor, action, object, details) => {
	const followed = followedObjectOf(action, object, details);
	if (!followed) return;
	const recipients = (await followersOf(tx, followed.type, followed.id)).filter((id) => id !== actor.userId);
	if (recipients.length === 0) return;
	const name = await nameOf(tx, followed.type, followed.id);
	if (name === null) return;
	await notify(tx, recipients, {
		type: followed.type === 'fund' ? 'follow.fund_step' : 'follow.consortium_step',
		params: { name, step: followed.step },
		link: followed.type === 'fund' ? `/funds/${followed.id}` : `/consortia/${followed.id}`
	});
};

let registered: (() => void) | undefined;

/** Registers the observer once per process (the platform's start calls it). */
export function observeFollowSteps() {
	registered ??= observeAudit(tellFollowersOfStep);
}
