import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { notifications, users } from '../db/schema';
import { newId } from '../auth/tokens';
import { enqueueMail } from '../mail/outbox';
import { config } from '../config';
import { renderNotification, type NotificationEvent } from './render';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

export type { NotificationEvent } from './render';

function absolute(link: string | undefined) {
	return link ? new URL(link, config().origin).toString() : config().origin;
}

/**
 * Tells each recipient about `event`: an in-app notification, and an email now, in the daily
 * digest, or never, as each person chose. Runs in the caller's transaction.
 */
export async function notify(tx: Tx, recipientIds: string[], event: NotificationEvent) {
	const unique = [...new Set(recipientIds)];
	if (unique.length === 0) return;
	const recipients = await tx
		.select({ id: users.id, email: users.email, locale: users.locale, delivery: users.notificationDelivery })
		.from(users)
		.where(inArray(users.id, unique));
	const now = new Date();
	for (const person of recipients) {
		await tx.insert(notifications).values({
			id: newId(),
			userId: person.id,
			type: event.type,
			params: event.params,
			link: event.link ?? null,
			createdAt: now,
			emailHandledAt: person.delivery === 'daily' ? null : now
		});
		if (person.delivery === 'immediate') {
			const locale = person.locale as Locale;
			const text = renderNotification(event, locale);
			const details = event.mailDetails?.(locale);
			await enqueueMail(tx, {
				to: person.email,
				subject: text,
				text:
					m.mail_notification_body({ text: details ? `${text}\n\n${details}` : text, link: absolute(event.link) }, { locale }) +
					unsubscribeLine(event.params, locale),
				attachments: event.attachments?.map((ref) => ({ ...ref, locale }))
			});
		}
	}
}

/** An alert carries its one-click unsubscribe link (params.unsubscribe), said at the end of its email. */
function unsubscribeLine(params: Record<string, string>, locale: Locale) {
	return params.unsubscribe ? `\n\n${m.alerts_unsubscribe_line({ link: absolute(params.unsubscribe) }, { locale })}` : '';
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * One email per person who chose the daily digest, once their oldest unsent notification is a day
 * old. Idempotent: the notifications it covers are marked in the same transaction as the email.
 */
export async function sendDailyDigests(now = new Date()) {
	const waiting = await db()
		.selectDistinct({ userId: notifications.userId })
		.from(notifications)
		.where(and(isNull(notifications.emailHandledAt), lte(notifications.createdAt, new Date(now.getTime() - DAY_MS))));
	let sent = 0;
	for (const { userId } of waiting) {
		await write(async (tx) => {
			const [person] = await tx.select().from(users).where(eq(users.id, userId));
			const pending = await tx
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, userId), isNull(notifications.emailHandledAt)))
				.orderBy(notifications.createdAt);
			if (!person || pending.length === 0) return;
			const locale = person.locale as Locale;
			if (person.notificationDelivery === 'daily') {
				const lines = pending.map(
					(n) =>
						`- ${renderNotification({ type: n.type, params: n.params, link: n.link ?? undefined }, locale)}\n  ${absolute(n.link ?? undefined)}` +
						unsubscribeLine(n.params, locale).replace(/^\n+/, '\n  ')
				);
				await enqueueMail(tx, {
					to: person.email,
					subject: m.mail_digest_subject({ count: String(pending.length) }, { locale }),
					text: m.mail_digest_body({ list: lines.join('\n'), link: absolute('/notifications') }, { locale })
				});
				sent++;
			}
			await tx
				.update(notifications)
				.set({ emailHandledAt: now })
				.where(
					and(
						eq(notifications.userId, userId),
						isNull(notifications.emailHandledAt),
						inArray(
							notifications.id,
							pending.map((n) => n.id)
						)
					)
				);
		});
	}
	return sent;
}
