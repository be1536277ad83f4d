import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { db, write, type Queryable, type Tx } from '../db';
import { calls, consortia, follows, funds, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import type { FollowableType } from '../../domain/follows';
import type { Outcome } from '../shared/outcome';

/** Whether the object exists and is public (never a draft): only those can be followed. */
async function isFollowable(tx: Queryable, type: FollowableType, id: string): Promise<boolean> {
	switch (type) {
		case 'call':
			return Boolean(
				(
					await tx
						.select({ id: calls.id })
						.from(calls)
						.where(and(eq(calls.id, id), ne(calls.status, 'draft')))
				)[0]
			);
		case 'project':
			return Boolean(
				(
					await tx
						.select({ id: projects.id })
						.from(projects)
						.where(and(eq(projects.id, id), ne(projects.status, 'draft')))
				)[0]
			);
		case 'consortium':
			return Boolean((await tx.select({ id: consortia.id }).from(consortia).where(eq(consortia.id, id)))[0]);
		case 'fund':
			return Boolean(
				(
					await tx
						.select({ id: funds.id })
						.from(funds)
						.where(and(eq(funds.id, id), ne(funds.status, 'draft')))
				)[0]
			);
	}
}

/** A signed-in person starts or stops following a public object; doing it twice changes nothing. */
export async function setFollowing(user: User, type: FollowableType, objectId: string, following: boolean): Promise<Outcome> {
	return write(async (tx) => {
		if (!(await isFollowable(tx, type, objectId))) return { ok: false, code: 'not_found' };
		if (following) {
			await tx.insert(follows).values({ userId: user.id, objectType: type, objectId, createdAt: new Date() }).onConflictDoNothing();
		} else {
			await tx.delete(follows).where(and(eq(follows.userId, user.id), eq(follows.objectType, type), eq(follows.objectId, objectId)));
		}
		await audit(tx, { userId: user.id, organisationId: null }, following ? 'follow.started' : 'follow.stopped', { type, id: objectId });
		return { ok: true };
	});
}

export async function isFollowing(userId: string, type: FollowableType, objectId: string) {
	const [row] = await db()
		.select({ userId: follows.userId })
		.from(follows)
		.where(and(eq(follows.userId, userId), eq(follows.objectType, type), eq(follows.objectId, objectId)));
	return Boolean(row);
}

/** The people following an object: whom `notify` tells of its changes, in the changing transaction. */
export async function followersOf(tx: Tx, type: FollowableType, objectId: string): Promise<string[]> {
	const rows = await tx
		.select({ userId: follows.userId })
		.from(follows)
		.where(and(eq(follows.objectType, type), eq(follows.objectId, objectId)));
	return rows.map((r) => r.userId);
}

/** The public calls a person follows, the open ones first, each with its deadline: part of a startup's home. */
export function callsFollowedBy(userId: string) {
	return db()
		.select({ id: calls.id, title: calls.title, status: calls.status, closesAt: calls.closesAt })
		.from(follows)
		.innerJoin(calls, eq(calls.id, follows.objectId))
		.where(and(eq(follows.userId, userId), eq(follows.objectType, 'call'), ne(calls.status, 'draft')))
		.orderBy(desc(sql`${calls.status} = 'open'`), asc(calls.closesAt));
}
