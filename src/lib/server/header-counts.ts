import { sql } from 'drizzle-orm';
import { db } from './db';
import { unreadCountQuery } from './notifications/queries';
import { unreadConversationCountQuery } from './conversations/queries';

// Above the aggregates (beside locals.ts): the header's two badges of every signed-in page, read in one
// statement whose two subqueries are the aggregates' own counts.

/** Unread notifications and conversations holding an unread message, for the header. */
export async function headerCounts(userId: string): Promise<{ unread: number; unreadMessages: number }> {
	const [row] = await db().all<{ unread: number; unread_messages: number }>(
		sql`SELECT (${unreadCountQuery(userId)}) AS unread, (${unreadConversationCountQuery(userId)}) AS unread_messages`
	);
	return { unread: Number(row?.unread ?? 0), unreadMessages: Number(row?.unread_messages ?? 0) };
}
