import { describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { notifications, outbox } from '$lib/server/db/schema';
import { notify, sendDailyDigests } from '$lib/server/notifications/notify';
import { renderNotification } from '$lib/server/notifications/render';
import * as m from '$lib/paraglide/messages';
import { countRows, createUser, outboxFor, useTestDatabase } from './support';

useTestDatabase();

const HOUR = 60 * 60_000;

function notificationsOf(userId: string) {
	return db().select().from(notifications).where(eq(notifications.userId, userId));
}

const verified = (organisation: string) => ({
	type: 'organisation.verified',
	params: { organisation },
	link: '/organisations/bethune'
});

describe('notify', () => {
	it('writes one notification per recipient and emails only those who chose immediate delivery', async () => {
		const immediate = await createUser({ delivery: 'immediate' });
		const english = await createUser({ delivery: 'immediate', locale: 'en' });
		const daily = await createUser({ delivery: 'daily' });
		const never = await createUser({ delivery: 'never' });
		const outboxBefore = await countRows('outbox');

		await write((tx) => notify(tx, [immediate.id, english.id, daily.id, never.id, immediate.id], verified('Béthune')));

		for (const person of [immediate, english, daily, never]) {
			const rows = await notificationsOf(person.id);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ type: 'organisation.verified', params: { organisation: 'Béthune' } });
			expect(rows[0].link).toBe('/organisations/bethune');
			expect(rows[0].readAt).toBeNull();
		}
		expect(await countRows('outbox')).toBe(outboxBefore + 2);

		const [mail] = await outboxFor(immediate.email);
		expect(mail.subject).toBe(renderNotification(verified('Béthune'), 'fr'));
		expect(mail.subject).toContain('Béthune');
		expect(mail.textBody).toMatch(/https?:\/\/[^\s]+\/organisations\/bethune/);
		const [englishMail] = await outboxFor(english.email);
		expect(englishMail.subject).toBe(renderNotification(verified('Béthune'), 'en'));
		expect(englishMail.subject).not.toBe(mail.subject);

		expect(await outboxFor(daily.email)).toEqual([]);
		expect(await outboxFor(never.email)).toEqual([]);
		// 'never' is settled for good; 'daily' waits for the digest.
		expect((await notificationsOf(never.id))[0].emailHandledAt).toBeInstanceOf(Date);
		expect((await notificationsOf(daily.id))[0].emailHandledAt).toBeNull();
	});

	it('leaves nothing behind when the change it belongs to fails', async () => {
		const person = await createUser({ delivery: 'immediate' });
		await expect(
			write(async (tx) => {
				await notify(tx, [person.id], verified('Nevers'));
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		expect(await notificationsOf(person.id)).toEqual([]);
		expect(await outboxFor(person.email)).toEqual([]);
	});
});

describe('daily digests', () => {
	it('sends one digest once the oldest pending notification is a day old, and only once', async () => {
		await write((tx) => tx.delete(notifications));
		const daily = await createUser({ delivery: 'daily' });
		const immediate = await createUser({ delivery: 'immediate' });
		const never = await createUser({ delivery: 'never' });
		await write((tx) => notify(tx, [daily.id, immediate.id, never.id], verified('Béthune')));
		await write((tx) => notify(tx, [daily.id], { type: 'membership.removed', params: { organisation: 'Nevers' }, link: '/account' }));
		const outboxBefore = await countRows('outbox');
		const start = Date.now();

		// Not yet a day old: nothing goes out.
		expect(await sendDailyDigests(new Date(start + 23 * HOUR))).toBe(0);
		expect(await outboxFor(daily.email)).toEqual([]);

		const later = new Date(start + 25 * HOUR);
		expect(await sendDailyDigests(later)).toBe(1);
		const digests = await outboxFor(daily.email);
		expect(digests).toHaveLength(1);
		expect(digests[0].subject).toBe(m.mail_digest_subject({ count: '2' }, { locale: 'fr' }));
		expect(digests[0].textBody).toContain(renderNotification(verified('Béthune'), 'fr'));
		expect(digests[0].textBody).toContain('Nevers');
		expect(digests[0].textBody).toMatch(/https?:\/\/[^\s]+\/notifications/);
		expect(await countRows('outbox')).toBe(outboxBefore + 1);
		for (const row of await notificationsOf(daily.id)) expect(row.emailHandledAt).toEqual(later);

		// Running it again sends nothing more.
		expect(await sendDailyDigests(later)).toBe(0);
		expect(await sendDailyDigests(new Date(start + 49 * HOUR))).toBe(0);
		expect(await outboxFor(daily.email)).toHaveLength(1);
		expect(await countRows('outbox')).toBe(outboxBefore + 1);
		// The others never get a digest.
		const others = await db()
			.select()
			.from(outbox)
			.where(inArray(outbox.recipient, [immediate.email, never.email]));
		expect(others.map((x) => x.recipient)).toEqual([immediate.email]);
	});

	it('sends the next digest only for notifications that came after the last one', async () => {
		await write((tx) => tx.delete(notifications));
		const daily = await createUser({ delivery: 'daily' });
		await write((tx) => notify(tx, [daily.id], verified('Laval')));
		const start = Date.now();
		expect(await sendDailyDigests(new Date(start + 25 * HOUR))).toBe(1);

		await write((tx) => notify(tx, [daily.id], verified('Beauvais')));
		// As if it arrived an hour after that digest went out.
		await write((tx) =>
			tx
				.update(notifications)
				.set({ createdAt: new Date(start + 26 * HOUR) })
				.where(and(eq(notifications.userId, daily.id), isNull(notifications.emailHandledAt)))
		);
		expect(await sendDailyDigests(new Date(start + 49 * HOUR))).toBe(0);
		expect(await sendDailyDigests(new Date(start + 51 * HOUR))).toBe(1);
		const digests = await outboxFor(daily.email);
		expect(digests).toHaveLength(2);
		const second = digests.find((d) => d.textBody.includes('Beauvais'))!;
		expect(second.subject).toBe(m.mail_digest_subject({ count: '1' }, { locale: 'fr' }));
		expect(second.textBody).not.toContain('Laval');
	});
});
