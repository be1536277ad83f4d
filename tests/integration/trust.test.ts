import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne } from 'drizzle-orm';
import { generateHOTP } from '@oslojs/otp';
import { db, write } from '$lib/server/db';
import { auditEvents, authorityEvidence, organisations, recoveryCodes, totpCredentials, type User } from '$lib/server/db/schema';
import { claimCity, createCompanyOrPartner, reviewOrganisation } from '$lib/server/organisations/commands';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { currentCounter, enrolTotp, newTotpKey, useRecoveryCode, verifyTotp } from '$lib/server/auth/totp';
import { SECOND_FACTOR_MAX_AGE_MS } from '$lib/domain/second-factor';
import type { SessionUser } from '$lib/server/auth/second-factor';
import { decideDisbursement } from '$lib/server/funds/commands';
import { approveMatchOffer } from '$lib/server/funds/offers';
import { recordDeliberation } from '$lib/server/consortia/commands';
import { newId } from '$lib/server/auth/tokens';
import { createUser, insertSomeCommunes, proven, testEvidence, useTestDatabase } from './support';

useTestDatabase();

let admin: User;

beforeAll(async () => {
	await insertSomeCommunes();
	admin = await createUser({ platformAdmin: true });
});

const startup = (name: string, siren: string, nafCode = '62.01Z') => ({ kind: 'startup' as const, name, siren, nafCode, description: '' });

async function liveWithSiren(siren: string) {
	return db()
		.select()
		.from(organisations)
		.where(and(eq(organisations.siren, siren), ne(organisations.verificationStatus, 'rejected')));
}

describe('one organisation per SIREN', () => {
	it('refuses a second registration of a held SIREN, naming who to ask', async () => {
		const [founder, copycat] = await Promise.all([createUser(), createUser()]);
		expect(await createCompanyOrPartner(founder, startup('Capteurs Civiques', '552100554'))).toMatchObject({ ok: true });
		expect(await createCompanyOrPartner(copycat, startup('Capteurs Civiques bis', '552100554'))).toEqual({
			ok: false,
			code: 'siren_taken',
			holder: 'Capteurs Civiques'
		});
		expect(await createCompanyOrPartner(copycat, { kind: 'partner', name: 'Fonds bis', siren: '552100554', nafCode: null, description: '' })).toMatchObject({
			ok: false,
			code: 'siren_taken'
		});
		expect(await liveWithSiren('552100554')).toHaveLength(1);
	});

	it('keeps exactly one row when 20 people register the same SIREN at once', async () => {
		const people = await Promise.all(Array.from({ length: 20 }, () => createUser()));
		const results = await Promise.all(people.map((p, i) => createCompanyOrPartner(p, startup(`Pousse ${i}`, '732829320'))));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'siren_taken')).toBe(true);
		expect(await liveWithSiren('732829320')).toHaveLength(1);
	});

	it('is enforced by the database itself, not only by the command', async () => {
		const [holder] = await liveWithSiren('732829320');
		const failure = await write((tx) =>
			tx.insert(organisations).values({
				id: newId(),
				slug: `doublon-${newId()}`,
				kind: 'partner',
				name: 'Doublon direct',
				siren: '732829320',
				createdBy: holder.createdBy,
				createdAt: new Date()
			})
		).then(
			() => null,
			(error: Error) => String(error.cause ?? error)
		);
		expect(failure).toMatch(/UNIQUE constraint failed: organisations\.siren/);
	});

	it('refuses a public body as a startup or a partner', async () => {
		const founder = await createUser();
		// Béthune's NAF (administration publique) declared by a startup.
		expect(await createCompanyOrPartner(founder, startup('Mairie Startup', '443061841', '84.11Z'))).toEqual({ ok: false, code: 'public_body' });
		// Béthune's own SIREN, from the official reference data.
		expect(await createCompanyOrPartner(founder, startup('Béthune Startup', '216201192'))).toEqual({ ok: false, code: 'public_body' });
		expect(await createCompanyOrPartner(founder, { kind: 'partner', name: 'Béthune Partenaire', siren: '216201192', nafCode: null, description: '' })).toEqual({
			ok: false,
			code: 'public_body'
		});
		expect(await liveWithSiren('216201192')).toHaveLength(0);
	});
});

describe('evidence with every claim', () => {
	it('cannot verify a city claim without the act, and verifies one with it', async () => {
		const [bare, empowered] = await Promise.all([createUser(), createUser()]);
		const claim = await claimCity(bare, '60057');
		expect(claim).toMatchObject({ ok: true });
		const [organisation] = await db().select().from(organisations).where(eq(organisations.inseeCode, '60057'));
		expect(await reviewOrganisation(proven(admin), organisation.id, { verdict: 'verified' })).toEqual({ ok: false, code: 'evidence_missing' });
		expect((await db().select().from(organisations).where(eq(organisations.id, organisation.id)))[0].verificationStatus).toBe('unverified');
		// Refused with a reason; the next claim brings the act.
		expect(await reviewOrganisation(proven(admin), organisation.id, { verdict: 'rejected', reason: 'Joignez l’arrêté de délégation.' })).toEqual({ ok: true });

		const withAct = await claimCity(empowered, '60057', testEvidence('Adjointe au maire chargée des finances'));
		expect(withAct).toMatchObject({ ok: true });
		const [second] = await db()
			.select()
			.from(organisations)
			.where(and(eq(organisations.inseeCode, '60057'), eq(organisations.verificationStatus, 'unverified')));
		const acts = await db().select().from(authorityEvidence).where(eq(authorityEvidence.organisationId, second.id));
		expect(acts).toMatchObject([{ purpose: 'claim', subjectEmail: empowered.email, function: 'Adjointe au maire chargée des finances' }]);
		expect(await reviewOrganisation(proven(admin), second.id, { verdict: 'verified' })).toEqual({ ok: true });
		const decisions = await db().select().from(auditEvents).where(eq(auditEvents.objectId, second.id));
		expect(decisions.map((e) => e.action)).toEqual(['organisation.created', 'organisation.verified']);
	});

	it('refuses a city claim on a SIREN a company already holds', async () => {
		const [squatter, mayor] = await Promise.all([createUser(), createUser()]);
		// Written directly: the command refuses it, but a row from before this rule may exist.
		await write((tx) =>
			tx
				.insert(organisations)
				.values({ id: newId(), slug: `squat-${newId()}`, kind: 'startup', name: 'Squat', siren: '215801943', createdBy: squatter.id, createdAt: new Date() })
		);
		expect(await claimCity(mayor, '58194', testEvidence())).toEqual({ ok: false, code: 'siren_taken', holder: 'Squat' });
	});
});

function asSession(user: User, secondFactor: SessionUser['secondFactor']): SessionUser {
	return { ...user, secondFactor };
}

describe('two-factor authentication', () => {
	it('enrols on a right code, then accepts each code once and each recovery code once', async () => {
		const person = await createUser();
		const session = await write((tx) => createSession(tx, person.id));
		const key = newTotpKey();
		const now = Date.now();
		const code = (offset = 0) => generateHOTP(key, BigInt(currentCounter(now) + offset), 6);

		expect(await enrolTotp(person, session.id, key, code(5), now)).toEqual({ ok: false, reason: 'invalid' });
		expect(await db().select().from(totpCredentials).where(eq(totpCredentials.userId, person.id))).toEqual([]);

		const enrolled = await enrolTotp(person, session.id, key, code(), now);
		if (!enrolled.ok) throw new Error('enrolment refused');
		expect(enrolled.recoveryCodes).toHaveLength(10);
		expect(new Set(enrolled.recoveryCodes).size).toBe(10);
		expect((await validateSessionToken(session.token))?.user.secondFactor).toEqual({ enrolled: true, passedAt: new Date(now) });

		// The code that enrolled is spent; so is any earlier one. A wrong code is refused.
		expect(await verifyTotp(person, session.id, code(), now)).toEqual({ ok: false, reason: 'replayed' });
		expect(await verifyTotp(person, session.id, code(-1), now)).toEqual({ ok: false, reason: 'replayed' });
		expect(await verifyTotp(person, session.id, '000000' === code(1) ? '111111' : '000000', now + 30_000)).toEqual({ ok: false, reason: 'invalid' });

		// The next step's code works once, in a new session that had not passed yet.
		const later = await write((tx) => createSession(tx, person.id));
		expect((await validateSessionToken(later.token))?.user.secondFactor).toEqual({ enrolled: true, passedAt: null });
		const [first, second] = await Promise.all([verifyTotp(person, later.id, code(1), now + 30_000), verifyTotp(person, later.id, code(1), now + 30_000)]);
		expect([first, second]).toContainEqual({ ok: true });
		expect([first, second]).toContainEqual({ ok: false, reason: 'replayed' });
		expect((await validateSessionToken(later.token))?.session.secondFactorAt).toEqual(new Date(now + 30_000));

		// A recovery code, typed in lower case and without dashes, works once.
		const third = await write((tx) => createSession(tx, person.id));
		const recovery = enrolled.recoveryCodes[0];
		expect(await useRecoveryCode(person, third.id, recovery.toLowerCase().replace(/-/g, ''), now + 60_000)).toEqual({ ok: true });
		expect(await useRecoveryCode(person, third.id, recovery, now + 60_000)).toEqual({ ok: false, reason: 'invalid' });
		const used = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id));
		expect(used.filter((r) => r.usedAt)).toHaveLength(1);
		const events = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.objectId, person.id));
		expect(events.map((e) => e.action)).toEqual(['user.totp_enrolled', 'user.second_factor_passed', 'user.recovery_code_used']);
	});

	it('locks the account’s codes after five wrong ones, even the right one', async () => {
		const person = await createUser();
		const session = await write((tx) => createSession(tx, person.id));
		const key = newTotpKey();
		const now = Date.now();
		const enrolled = await enrolTotp(person, session.id, key, generateHOTP(key, BigInt(currentCounter(now)), 6), now);
		expect(enrolled.ok).toBe(true);
		const right = generateHOTP(key, BigInt(currentCounter(now) + 1), 6);
		const wrong = right === '123456' ? '654321' : '123456';
		const attempts = await Promise.all(Array.from({ length: 8 }, () => verifyTotp(person, session.id, wrong, now + 30_000)));
		expect(attempts.filter((a) => !a.ok && a.reason === 'invalid')).toHaveLength(5);
		expect(attempts.filter((a) => !a.ok && a.reason === 'throttled')).toHaveLength(3);
		expect(await verifyTotp(person, session.id, right, now + 30_000)).toMatchObject({ ok: false, reason: 'throttled' });
	});

	it('is asked by the commands that move public money or decide who may, and again after 12 hours', async () => {
		const founder = await createUser();
		await createCompanyOrPartner(founder, startup('À vérifier', '834456253'));
		const [claim] = await db().select().from(organisations).where(eq(organisations.siren, '834456253'));
		const now = Date.now();
		const stale = new Date(now - SECOND_FACTOR_MAX_AGE_MS - 1000);
		const refused = { ok: false, code: 'second_factor_required' };
		expect(await reviewOrganisation(asSession(admin, { enrolled: false, passedAt: null }), claim.id, { verdict: 'verified' })).toEqual(refused);
		expect(await reviewOrganisation(asSession(admin, { enrolled: true, passedAt: null }), claim.id, { verdict: 'verified' })).toEqual(refused);
		expect(await reviewOrganisation(asSession(admin, { enrolled: true, passedAt: stale }), claim.id, { verdict: 'verified' })).toEqual(refused);
		const signer = asSession(founder, { enrolled: true, passedAt: stale });
		expect(await approveMatchOffer(signer, 'any', { reference: 'D-1', date: new Date() })).toEqual(refused);
		expect(await decideDisbursement(signer, 'any', { approve: true })).toEqual(refused);
		expect(await recordDeliberation(signer, 'any', { number: 'D-1', date: new Date(), kind: 'council', file: null })).toEqual(refused);
		expect((await db().select().from(organisations).where(eq(organisations.id, claim.id)))[0].verificationStatus).toBe('unverified');
		// Fresh: the rule lets the command decide on the rest.
		expect(await reviewOrganisation(asSession(admin, { enrolled: true, passedAt: new Date(now - 60_000) }), claim.id, { verdict: 'verified' })).toEqual({
			ok: true
		});
	});
});
