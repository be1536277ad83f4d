import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, funds, projects } from '../db/schema';
import { observeAudit, type AuditObserver } from '../audit/audit';
import { followersOf } from '../follows/follows';
import { notify } from '../notifications/notify';
import { followedObjectOf, type FollowedType } from '../../domain/follow-steps';

// Followers of a consortium, a fund or a project hear of its later steps wherever the command that takes them lives:
// every step is audited, so they are told from the audit trail, in the step's transaction. The observer registers
// itself when this module is loaded, and the commands that take those steps load it (the consortia's and funds'
// support modules and the project documents' commands import it): whoever runs a command (the server, a job, a CLI or a script that never starts the platform) tells followers.

async function nameOf(tx: Tx, type: FollowedType, id: string) {
	if (type === 'project') {
		const [project] = await tx.select({ name: projects.title }).from(projects).where(eq(projects.id, id));
		return project?.name ?? null;
	}
	const table = type === 'fund' ? funds : consortia;
	const [row] = await tx.select({ name: table.name }).from(table).where(eq(table.id, id));
	return row?.name ?? null;
}

const told = {
	consortium: { type: 'follow.consortium_step', link: (id: string) => `/consortia/${id}` },
	fund: { type: 'follow.fund_step', link: (id: string) => `/funds/${id}` },
	project: { type: 'follow.project_step', link: (id: string) => `/projects/${id}` }
} satisfies Record<FollowedType, { type: string; link: (id: string) => string }>;

/** Tells the followers of the step's consortium, fund or project, in app and by mail as each chose; never the one who acted. */
export const tellFollowersOfStep: AuditObserver = async (tx, actor, action, object, details) => {
	const followed = followedObjectOf(action, object, details);
	if (!followed) return;
	const recipients = (await followersOf(tx, followed.type, followed.id)).filter((id) => id !== actor.userId);
	if (recipients.length === 0) return;
	const name = await nameOf(tx, followed.type, followed.id);
	if (name === null) return;
	await notify(tx, recipients, { type: told[followed.type].type, params: { name, step: followed.step }, link: told[followed.type].link(followed.id) });
};

let registered: (() => void) | undefined;

/** Registers the observer once per process: on load (below), and again by the platform's start, which changes nothing. */
export function observeFollowSteps() {
	registered ??= observeAudit(tellFollowersOfStep);
}

observeFollowSteps();
