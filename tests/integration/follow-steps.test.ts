// Following a consortium or a fund: its later steps reach the followers, in app and by mail as each chose, in
// each reader's language; private steps and the person who acted are left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditEvents, notifications, type User } from '$lib/server/db/schema';
import { setFollowing } from '$lib/server/follows/follows';
import { observeAudit } from '$lib/server/audit/audit';
import { tellFollowersOfStep } from '$lib/server/observers/follow-steps';
import { dissolve } from '$lib/server/consortia/commands';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { createUser, outboxFor, proven, useTestDatabase } from './support';
import { activeConsortium, fundInput, ok, organisation, vote } from './funds-support';

useTestDatabase();

let bethuneAdmin: User, neversAgent: User, neversSigner: User, reader: User, lecteur: User, daily: User;
let consortiumId: string, bethune: string, nevers: string;
let stopObserving: () => void;

const stepsOf = async (user: User) =>
	db()
		.select({ type: notifications.type, params: notifications.params, link: notifications.link, mailed: notifications.emailHandledAt })
		.from(notifications)
		.where(and(eq(notifications.userId, user.id)))
		.orderBy(notifications.createdAt)
		.then((rows) => rows.filter((n) => n.type.startsWith('follow.')));

beforeAll(async () => {
	stopObserving = observeAudit(tellFollowersOfStep);
	[bethuneAdmin, neversAgent, neversSigner] = await Promise.all([createUser(), createUser(), createUser()]);
	[reader, lecteur, daily] = await Promise.all([createUser({ locale: 'en' }), createUser({ locale: 'fr' }), createUser({ delivery: 'daily' })]);
	bethune = await organisation('city', 'Béthune', [[bethuneAdmin, 'admin']]);
	nevers = await organisation('city', 'Nevers', [
		[neversAgent, 'admin'],
		[neversSigner, 'signatory']
	]);
	consortiumId = await activeConsortium(bethune, [nevers], bethuneAdmin);
});
afterAll(() => stopObserving());

describe('following a consortium or a fund', () => {
	it('refuses what does not exist, and audits who starts and stops following', async () => {
		expect(await setFollowing(reader, 'fund', 'nofund', true)).toEqual({ ok: false, code: 'not_found' });
		expect(await setFollowing(reader, 'consortium', 'noconsortium', true)).toEqual({ ok: false, code: 'not_found' });
		expect(await setFollowing(reader, 'consortium', consortiumId, true)).toEqual({ ok: true });
		const events = await db()
			.select({ action: auditEvents.action, details: auditEvents.details })
			.from(auditEvents)
			.where(eq(auditEvents.actorUserId, reader.id));
		expect(events).toEqual([{ action: 'follow.started', details: {} }]);
	});

	it('tells the followers of each step, in their language and as they chose; never the one who acted; not after they stop', async () => {
		for (const person of [lecteur, daily, bethuneAdmin]) expect(await setFollowing(person, 'consortium', consortiumId, true)).toEqual({ ok: true });

		const { id: fundId } = ok(await openFund(bethuneAdmin, consortiumId, fundInput({ name: 'Fonds capteurs' })));
		const [opened] = await stepsOf(reader);
		expect(opened).toMatchObject({ type: 'follow.consortium_step', params: { step: 'consortium.fund_opened' }, link: `/consortia/${consortiumId}` });
		expect(opened.params.name).toMatch(/^Consortium /);
		expect((await outboxFor(reader.email)).map((mail) => mail.subject)).toEqual([
			`News of the consortium “${opened.params.name}”, which you follow: Fund opened by the consortium`
		]);
		expect((await outboxFor(lecteur.email)).map((mail) => mail.subject)).toEqual([
			`Du nouveau sur le consortium « ${opened.params.name} », que vous suivez : Fonds ouvert par le groupement`
		]);
		// The daily digest picks it up later; nothing is mailed now.
		expect((await stepsOf(daily)).map((n) => n.mailed)).toEqual([null]);
		expect(await outboxFor(daily.email)).toEqual([]);
		expect(await stepsOf(bethuneAdmin)).toEqual([]);

		// The fund's own followers: an intent is private, an approved pledge is public.
		expect(await setFollowing(reader, 'fund', fundId, true)).toEqual({ ok: true });
		const pledge = ok(await enterPledge(neversAgent, nevers, fundId, 100_000_00)).id;
		expect(await stepsOf(reader)).toHaveLength(1);
		ok(await approvePledge(proven(neversSigner), pledge, vote('D-2026-1')));
		expect((await stepsOf(reader)).at(-1)).toMatchObject({
			type: 'follow.fund_step',
			params: { name: 'Fonds capteurs', step: 'pledge.approved' },
			link: `/funds/${fundId}`
		});
		expect((await outboxFor(reader.email)).at(-1)?.subject).toBe('News of the fund “Fonds capteurs”, which you follow: Pledge approved');

		// A consortium holding no money is dissolved: who stopped following hears nothing.
		const other = await activeConsortium(bethune, [nevers], bethuneAdmin);
		for (const person of [reader, lecteur]) expect(await setFollowing(person, 'consortium', other, true)).toEqual({ ok: true });
		expect(await setFollowing(reader, 'consortium', other, false)).toEqual({ ok: true });
		const before = (await stepsOf(reader)).length;
		ok(await dissolve(bethuneAdmin, other));
		expect(await stepsOf(reader)).toHaveLength(before);
		expect((await stepsOf(lecteur)).at(-1)).toMatchObject({ params: { step: 'consortium.dissolved' }, link: `/consortia/${other}` });
	});
});
