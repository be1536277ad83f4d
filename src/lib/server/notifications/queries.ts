import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { db, write } from '../db';
import { notifications } from '../db/schema';

/** The person's unread notifications, counted; a subquery of the header's counts too (header-counts.ts). */
export function unreadCountQuery(userId: string) {
	return db()
		.select({ value: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function unreadCount(userId: string) {
	const [row] = await unreadCountQuery(userId);
	return row?.value ?? 0;
}

export function notificationsOf(userId: string, limit = 50, offset = 0) {
	return db().select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit).offset(offset);
}

/** Marks one of the user's notifications read, or all of them when no id is given. */
export async function markRead(userId: string, notificationId?: string) {
	await write((tx) =>
		tx
			.update(notifications)
			.set({ readAt: new Date() })
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt), notificationId ? eq(notifications.id, notificationId) : undefined))
	);
}
