import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { memberships, notifications, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { createCall, publishCall } from '$lib/server/calls/commands';
import { saveSearch, searchesOf, unsubscribeByToken } from '$lib/server/alerts/saved-searches';
import { openCallsFeed, savedSearchFeed } from '$lib/server/alerts/feeds';
import { sendDailyDigests } from '$lib/server/notifications/notify';
import type { CallInput } from '$lib/schemas/calls';
import { createUser, insertSomeCommunes, outboxFor, useTestDatabase } from './support';
import { callInput } from './fixtures-calls';

useTestDatabase();

const DAY = 86_400_000;
let cityAdmin: User, immediate: User, daily: User, elsewhere: User;
let bethune: string;

async function publish(overrides: Partial<CallInput>) {
	const created = await createCall(cityAdmin, bethune, callInput({ title: 'Un appel', challenge: 'Un défi.', ...overrides }));
	if (!created.ok) throw new Error(created.code);
	expect(await publishCall(cityAdmin, created.id)).toEqual({ ok: true });
	return created.id;
}

beforeAll(async () => {
	await insertSomeCommunes();
	[cityAdmin, immediate, elsewhere] = await Promise.all([createUser(), createUser(), createUser()]);
	daily = await createUser({ delivery: 'daily' });
	bethune = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id: bethune,
			slug: 'bethune',
			kind: 'city',
			name: 'Béthune',
			inseeCode: '62119',
			verificationStatus: 'verified',
			createdBy: cityAdmin.id,
			createdAt: new Date()
		});
		await tx.insert(memberships).values({ organisationId: bethune, userId: cityAdmin.id, role: 'admin', createdAt: new Date() });
	});
});

describe('saved searches', () => {
	it('alert by email when a matching call is published, at once or in the daily digest; one click unsubscribes; the feed lists it', async () => {
		expect(await saveSearch(immediate, 'calls', '?q=qualité air&departement=62&page=3&nonsense=1')).toMatchObject({ ok: true });
		// The same filters in another order are the same search.
		expect((await saveSearch(immediate, 'calls', 'departement=62&q=qualité air')).ok).toBe(true);
		const [search] = await searchesOf(immediate.id);
		expect(await searchesOf(immediate.id)).toHaveLength(1);
		expect(search.query).toBe('departement=62&q=qualit%C3%A9+air');
		await saveSearch(daily, 'calls', 'q=air');
		await saveSearch(elsewhere, 'calls', 'q=air&departement=58');

		const matching = await publish({ title: 'Qualité de l’air près des écoles' });
		await publish({ title: 'Éclairage public' }); // matches nobody's words

		const mails = await outboxFor(immediate.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toContain('Qualité de l’air près des écoles');
		expect(mails[0].textBody).toContain(`/calls/${matching}`);
		expect(mails[0].textBody).toContain(`/alerts/unsubscribe/${search.token}`);
		expect(await outboxFor(elsewhere.email)).toHaveLength(0);
		const elsewhereNotes = await db().select().from(notifications).where(eq(notifications.userId, elsewhere.id));
		expect(elsewhereNotes).toHaveLength(0);

		// The daily reader gets nothing now, then one digest a day later that lists the call.
		expect(await outboxFor(daily.email)).toHaveLength(0);
		await sendDailyDigests(new Date(Date.now() + DAY + 60_000));
		const [digest] = await outboxFor(daily.email);
		expect(digest.textBody).toContain('Qualité de l’air près des écoles');
		expect(digest.textBody).toContain('/alerts/unsubscribe/');
		await sendDailyDigests(new Date(Date.now() + DAY + 120_000));
		expect(await outboxFor(daily.email)).toHaveLength(1);

		// One click (the POST behind it) and the emails stop; the feed keeps working.
		expect(await unsubscribeByToken(search.token)).toMatchObject({ ok: true });
		expect(await unsubscribeByToken('not-a-token')).toEqual({ ok: false, code: 'not_found' });
		await publish({ title: 'Capteurs de qualité de l’air, deuxième vague' });
		expect(await outboxFor(immediate.email)).toHaveLength(1);

		const feed = await savedSearchFeed(search, 'https://entente.example', 'fr');
		expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
		expect(feed).toContain(`<id>https://entente.example/feeds/${search.token}.atom</id>`);
		expect(feed).toContain('Qualité de l’air près des écoles');
		expect(feed).toContain('deuxième vague');
		expect(feed).not.toContain('Éclairage public');
		const all = await openCallsFeed('https://entente.example', 'fr');
		expect(all).toContain('Éclairage public');
		expect(all.match(/<entry>/g)).toHaveLength(3);
		expect(all).toMatch(/<updated>\d{4}-\d{2}-\d{2}T/);
	});
});
