import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { generateHOTP } from '@oslojs/otp';
import { db, write } from '$lib/server/db';
import { auditEvents, ledgerEntries, matchOffers, pledges, recoveryCodes, sessions, totpCredentials, type User } from '$lib/server/db/schema';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { currentCounter, disableTotp, enrolTotp, enrolWithKey, newTotpKey } from '$lib/server/auth/totp';
import { approvePledge, decideDisbursement, enterPledge, offerMatch, openFund } from '$lib/server/funds/commands';
import { approveMatchOffer } from '$lib/server/funds/offers';
import { actions as pledgesActions } from '../../src/routes/(app)/pledges/+page.server';
import { actions as fundActions } from '../../src/routes/(public)/funds/[id=id]/+page.server';
import { actions as twoFactorActions } from '../../src/routes/(app)/account/two-factor/+page.server';
import { activeConsortium, fundInput, ok, organisation, vote } from './funds-support';
import { createUser, proven, reloadUser, useTestDatabase } from './support';
import { callRoute } from './route-harness';
import { secondFactorRefusal, type SessionUser } from '$lib/server/auth/second-factor';

// Issue #13, found on main: the second-factor rule let through any caller that brought no session
// state (a plain account row), and the pledge page sent a non-signatory to type a code before saying
// they may not approve at all.

useTestDatabase();

let agent: User, signatory: User, member: User, partnerAdmin: User, partnerSigner: User;
let city: string, partner: string, fundId: string, pledgeId: string, offerId: string;

async function signedIn(user: User, secondFactor: 'none' | 'enrolled' | 'passed') {
	if (secondFactor !== 'none') await write((tx) => enrolWithKey(tx, user.id, newTotpKey(), new Date()));
	const session = await write((tx) => createSession(tx, user.id));
	if (secondFactor === 'passed') await write((tx) => tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, session.id)));
	return session.token;
}

beforeAll(async () => {
	[agent, signatory, member, partnerAdmin, partnerSigner] = await Promise.all(Array.from({ length: 5 }, () => createUser()));
	city = await organisation('city', 'Preuve', [
		[agent, 'admin'],
		[signatory, 'signatory'],
		[member, 'member']
	]);
	partner = await organisation('partner', 'Banque preuve', [
		[partnerAdmin, 'admin'],
		[partnerSigner, 'signatory']
	]);
	const consortiumId = await activeConsortium(city, [], agent);
	fundId = ok(await openFund(agent, consortiumId, fundInput())).id;
	pledgeId = ok(await enterPledge(agent, city, fundId, 100_000_00)).id;
	offerId = ok(
		await offerMatch(partnerAdmin, partner, fundId, { ratioPercent: 50, capPerPledgeCents: null, totalCapCents: 10_000_00, onlyIfThresholdReached: false })
	).id;
});

/** What a caller that brings no second-factor state passes: the account row alone (the types forbid it; a cast or plain JS does not). */
const bareRow = async (user: User) => (await reloadUser(user.id)) as SessionUser;

const ledgerCount = async () => (await db().select().from(ledgerEntries).where(eq(ledgerEntries.fundId, fundId))).length;

describe('money moves only on an explicit, fresh second factor', () => {
	it('refuses a signatory’s account row that carries no second-factor state, and changes nothing', async () => {
		const before = await ledgerCount();
		const bare = await bareRow(signatory);
		expect(await approvePledge(bare, pledgeId, vote('D-2026-1'))).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await approveMatchOffer(await bareRow(partnerSigner), offerId, vote('CA-1'))).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await decideDisbursement(await bareRow(signatory), 'any', { approve: true })).toEqual({ ok: false, code: 'second_factor_required' });
		expect((await db().select().from(pledges).where(eq(pledges.id, pledgeId)))[0].status).toBe('intent');
		expect((await db().select().from(matchOffers).where(eq(matchOffers.id, offerId)))[0].status).toBe('proposed');
		expect(await ledgerCount()).toBe(before);
	});

	it('refuses a signatory who never enrolled, even with a session passed just now', async () => {
		const notEnrolled = { ...signatory, secondFactor: { enrolled: false, passedAt: new Date() } };
		expect(await approvePledge(notEnrolled, pledgeId, vote('D-2026-1'))).toEqual({ ok: false, code: 'second_factor_required' });
	});

	it('tells a non-signatory they may not approve, before any second factor is asked', async () => {
		expect(await approvePledge(await bareRow(member), pledgeId, vote('D-2026-1'))).toEqual({ ok: false, code: 'signatories_only' });
		const token = await signedIn(member, 'none');
		const form = () => {
			const body = new FormData();
			body.set('pledgeId', pledgeId);
			body.set('reference', 'D-2026-1');
			body.set('date', new Date().toISOString().slice(0, 10));
			return body;
		};
		const onPledges = await callRoute({ token, path: '/pledges?/approve', form: form() }, pledgesActions.approve);
		expect(onPledges).toMatchObject({ kind: 'fail', status: 403 });
		const onFund = await callRoute({ token, path: `/funds/${fundId}?/approve`, params: { id: fundId }, form: form() }, fundActions.approve);
		expect(onFund).toMatchObject({ kind: 'fail', status: 403 });
		expect((await db().select().from(pledges).where(eq(pledges.id, pledgeId)))[0].status).toBe('intent');
	});

	it('sends a signatory to type a code, then approves once the session has passed it', async () => {
		const body = () => {
			const form = new FormData();
			form.set('pledgeId', pledgeId);
			form.set('reference', 'D-2026-1');
			form.set('date', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
			return form;
		};
		const enrolled = await signedIn(signatory, 'enrolled');
		expect(await callRoute({ token: enrolled, path: '/pledges?/approve', form: body() }, pledgesActions.approve)).toMatchObject({
			kind: 'redirect',
			location: expect.stringMatching(/^\/two-factor\?redirectTo=/)
		});
		expect((await db().select().from(pledges).where(eq(pledges.id, pledgeId)))[0].status).toBe('intent');
		const passed = await write((tx) => createSession(tx, signatory.id));
		await write((tx) => tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, passed.id)));
		expect(await callRoute({ token: passed.token, path: '/pledges?/approve', form: body() }, pledgesActions.approve)).toMatchObject({
			kind: 'redirect',
			location: '/pledges'
		});
		expect((await db().select().from(pledges).where(eq(pledges.id, pledgeId)))[0].status).toBe('approved');
		// And the partner's signatory with a fresh proof approves the offer.
		expect(await approveMatchOffer(proven(partnerSigner), offerId, vote('CA-1'))).toMatchObject({ ok: true });
	});
});

describe('turning the second factor off', () => {
	it('takes a code shown now or an unused recovery code, never the session alone; it is audited and the signatory is told', async () => {
		const person = await createUser();
		const org = await organisation('city', 'Désactivation', [[person, 'signatory']]);
		const session = await write((tx) => createSession(tx, person.id));
		const key = newTotpKey();
		const now = Date.now();
		const code = (offset = 0) => generateHOTP(key, BigInt(currentCounter(now) + offset), 6);
		const enrolled = await enrolTotp(person, session.id, key, code(), now);
		if (!enrolled.ok) throw new Error('enrolment refused');

		// The code that enrolled is spent, a wrong one fails, and a session that passed changes nothing alone.
		const form = (typed: string) => {
			const body = new FormData();
			body.set('code', typed);
			return body;
		};
		const disable = twoFactorActions.disable;
		expect(await callRoute({ token: session.token, path: '/account/two-factor?/disable', form: form('') }, disable)).toMatchObject({
			kind: 'fail',
			status: 400
		});
		expect(await callRoute({ token: session.token, path: '/account/two-factor?/disable', form: form(code()) }, disable)).toMatchObject({
			kind: 'fail',
			status: 400
		});
		expect(await disableTotp(person, { code: code() === '000000' ? '111111' : '000000' }, [], now)).toEqual({ ok: false, reason: 'invalid' });
		expect(await disableTotp(person, { recoveryCode: 'AAAA-BBBB-CCCC-DDDD' }, [], now)).toEqual({ ok: false, reason: 'invalid' });
		expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, person.id))).toHaveLength(1);

		// A recovery code does it (the page's own path, with the signatory's warning as the flash).
		const outcome = await callRoute({ token: session.token, path: '/account/two-factor?/disable', form: form(enrolled.recoveryCodes[3]) }, disable);
		expect(outcome).toMatchObject({ kind: 'redirect', location: '/account' });
		expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, person.id))).toEqual([]);
		expect(await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id))).toEqual([]);
		const [event] = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.objectId, person.id), eq(auditEvents.action, 'user.totp_disabled')));
		expect(event.details).toMatchObject({ proof: 'recovery_code', signatoryOf: [org] });

		// From now on the signatory's session proves nothing: money waits for a new enrolment.
		const after = await validateSessionToken(session.token);
		expect(after?.user.secondFactor).toEqual({ enrolled: false, passedAt: null });
		expect(secondFactorRefusal(after!.user)).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await disableTotp(person, { code: code(1) }, [], now + 30_000)).toEqual({ ok: false, reason: 'not_enrolled' });
	});

	it('a fresh authenticator code turns it off too', async () => {
		const person = await createUser();
		const session = await write((tx) => createSession(tx, person.id));
		const key = newTotpKey();
		const now = Date.now();
		expect((await enrolTotp(person, session.id, key, generateHOTP(key, BigInt(currentCounter(now)), 6), now)).ok).toBe(true);
		expect(await disableTotp(person, { code: generateHOTP(key, BigInt(currentCounter(now) + 1), 6) }, [], now + 30_000)).toEqual({ ok: true });
		expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, person.id))).toEqual([]);
	});
});
