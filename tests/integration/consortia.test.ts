import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { communes, consortia, departements, epciMembers, epcis, memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { foldForSearch } from '$lib/domain/text';
import {
	acceptCoordinator,
	answerInvitation,
	cancelInvitation,
	createConsortium,
	dissolve,
	inviteOfficial,
	inviteOrganisation,
	proposeCoordinator,
	recordDeliberation,
	withdraw
} from '$lib/server/consortia/commands';
import { consortiumDetails } from '$lib/server/consortia/queries';
import { publicConsortium } from '$lib/server/consortia/api';
import { reviewOrganisation, claimCity } from '$lib/server/organisations/commands';
import { createCall, publishCall } from '$lib/server/calls/commands';
import { saveResponse, submitResponse } from '$lib/server/calls/responses';
import { eligibilityFor } from '$lib/server/consortia/eligibility';
import { callDetails } from '$lib/server/calls/queries';
import { createUser, proven, insertSomeCommunes, useTestDatabase, testEvidence } from './support';

useTestDatabase();

type Kind = 'city' | 'intercommunality' | 'partner' | 'startup';
async function organisation(kind: Kind, name: string, extra: { inseeCode?: string; siren?: string }, members: [User, 'admin' | 'member' | 'signatory'][]) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id,
			slug: `${foldForSearch(name).replace(/ /g, '-')}-${id.slice(0, 4)}`,
			kind,
			name,
			...extra,
			verificationStatus: 'verified',
			createdBy: members[0][0].id,
			createdAt: new Date()
		});
		for (const [user, role] of members) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

const rules = { name: 'Hub', purpose: 'Ensemble', minMembers: 3, minDepartements: 3, allowedRegions: [] as string[], projectIds: [] as string[] };
const today = () => new Date(Date.now() - 86_400_000);

let bethuneAdmin: User, bethuneSigner: User, neversAdmin: User, neversSigner: User, epciAdmin: User, epciSigner: User, platformAdmin: User, stranger: User;
let bethune: string, nevers: string, epci: string;

beforeAll(async () => {
	await insertSomeCommunes();
	// An intercommunality whose communes lie in two départements (Oise and Nièvre, for the test).
	await write(async (tx) => {
		await tx.insert(communes).values({
			inseeCode: '02722',
			name: 'Soissons',
			searchName: 'soissons',
			siren: '210207221',
			departementCode: '02',
			regionCode: '32',
			population: 28000,
			postalCodes: '02200'
		});
		await tx.insert(departements).values({ code: '02', name: 'Aisne', regionCode: '32' });
		await tx.insert(epcis).values({ siren: '200067999', name: 'CA Test', searchName: 'ca test', nature: 'CA', population: 1 });
		await tx.insert(epciMembers).values([
			{ epciSiren: '200067999', communeInseeCode: '60057' },
			{ epciSiren: '200067999', communeInseeCode: '58194' }
		]);
	});
	[bethuneAdmin, bethuneSigner, neversAdmin, neversSigner, epciAdmin, epciSigner, platformAdmin, stranger] = await Promise.all([
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser({ platformAdmin: true }),
		createUser()
	]);
	bethune = await organisation('city', 'Béthune', { inseeCode: '62119' }, [
		[bethuneAdmin, 'admin'],
		[bethuneSigner, 'signatory']
	]);
	nevers = await organisation('city', 'Nevers', { inseeCode: '58194' }, [
		[neversAdmin, 'admin'],
		[neversSigner, 'signatory']
	]);
	epci = await organisation('intercommunality', 'CA Test', { siren: '200067999' }, [
		[epciAdmin, 'admin'],
		[epciSigner, 'signatory']
	]);
});

async function member(consortiumId: string, organisationId: string) {
	const details = await consortiumDetails(consortiumId);
	return details!.members.find((m) => m.organisationId === organisationId)!;
}

describe('consortia', () => {
	it('form, turn active when rules hold and councils have voted, and go back to forming on a withdrawal', async () => {
		expect(await createConsortium(bethuneSigner, bethune, rules)).toEqual({ ok: false, code: 'forbidden' });
		const created = await createConsortium(bethuneAdmin, bethune, rules);
		if (!created.ok) throw new Error(created.code);
		const id = created.id;

		expect(await inviteOrganisation(neversAdmin, id, epci)).toEqual({ ok: false, code: 'forbidden' });
		expect(await inviteOrganisation(bethuneAdmin, id, nevers)).toEqual({ ok: true });
		expect(await inviteOrganisation(bethuneAdmin, id, nevers)).toEqual({ ok: false, code: 'already_member' });
		expect(await inviteOrganisation(bethuneAdmin, id, epci)).toEqual({ ok: true });

		expect(await answerInvitation(bethuneAdmin, (await member(id, nevers)).id, true)).toEqual({ ok: false, code: 'forbidden' });
		expect(await answerInvitation(neversAdmin, (await member(id, nevers)).id, true)).toEqual({ ok: true });
		expect(await answerInvitation(epciAdmin, (await member(id, epci)).id, true)).toEqual({ ok: true });

		let details = await consortiumDetails(id);
		// Béthune (62), Nevers (58), and the EPCI spanning Oise (60) and Nièvre (58).
		expect(details!.report.departements.covered).toEqual(['58', '60', '62']);
		expect(details!.report.holds).toBe(true);
		expect(details!.consortium.status).toBe('forming');

		const vote = (signer: User, org: string, number: string, kind: 'council' | 'president_delegation' = 'council', date = today()) =>
			member(id, org).then((m) => recordDeliberation(proven(signer), m.id, { number, date, kind, file: null }));
		expect(await vote(bethuneAdmin, bethune, '2026-1')).toEqual({ ok: false, code: 'signatories_only' });
		expect(await vote(bethuneSigner, bethune, '2026-1', 'council', new Date(Date.now() + 86_400_000 * 2))).toEqual({
			ok: false,
			code: 'deliberation_in_future'
		});
		expect(await vote(bethuneSigner, bethune, '2026-1', 'president_delegation')).toEqual({ ok: false, code: 'council_required' });
		expect(await vote(bethuneSigner, bethune, '2026-1')).toEqual({ ok: true });
		expect(await vote(neversSigner, nevers, '2026-7')).toEqual({ ok: true });
		expect((await consortiumDetails(id))!.consortium.status).toBe('forming');
		expect(await vote(epciSigner, epci, 'DP-12', 'president_delegation')).toEqual({ ok: true });

		details = await consortiumDetails(id);
		expect(details!.consortium.status).toBe('active');
		const told = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, neversAdmin.id) });
		expect(told.map((n) => n.type)).toContain('consortium.active');

		expect(await withdraw(bethuneAdmin, (await member(id, bethune)).id, 'Non')).toEqual({ ok: false, code: 'coordinator_cannot_withdraw' });
		expect(await withdraw(neversAdmin, (await member(id, nevers)).id, 'Le conseil a changé d’avis.')).toEqual({ ok: true });
		details = await consortiumDetails(id);
		expect(details!.consortium.status).toBe('forming');
		expect(details!.report.members).toMatchObject({ holds: false, count: 2 });
		const timeline = details!.timeline.map((e) => e.action);
		expect(timeline.slice(0, 2)).toEqual(['consortium.forming', 'consortium.withdrawn']);
	});

	it('refuse a délibération number already used by that city', async () => {
		const created = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Second' });
		if (!created.ok) throw new Error(created.code);
		const own = await member(created.id, bethune);
		expect(await recordDeliberation(proven(bethuneSigner), own.id, { number: '2026-1', date: today(), kind: 'council', file: null })).toEqual({
			ok: false,
			code: 'deliberation_number_used'
		});
		expect(await recordDeliberation(proven(bethuneSigner), own.id, { number: '2026-2', date: today(), kind: 'council', file: null })).toEqual({ ok: true });
	});

	it('keep an invitation for a commune without an account until its claim is verified', async () => {
		const created = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Avec Soissons' });
		if (!created.ok) throw new Error(created.code);
		expect(await inviteOfficial(bethuneAdmin, created.id, { inseeCode: '99999' })).toEqual({ ok: false, code: 'unknown_official' });
		expect(await inviteOfficial(bethuneAdmin, created.id, { inseeCode: '02722' })).toEqual({ ok: true });
		let pending = (await consortiumDetails(created.id))!.members.find((m) => m.inseeCode === '02722')!;
		expect(pending).toMatchObject({ organisationId: null, status: 'invited', name: 'Soissons' });

		const mayor = await createUser();
		const claim = await claimCity(mayor, '02722', testEvidence());
		if (!claim.ok) throw new Error(claim.code);
		const [claimed] = await db().select().from(organisations).where(eq(organisations.slug, claim.slug));
		expect(await reviewOrganisation(proven(platformAdmin), claimed.id, { verdict: 'verified' })).toEqual({ ok: true });
		pending = (await consortiumDetails(created.id))!.members.find((m) => m.inseeCode === '02722')!;
		expect(pending.organisationId).toBe(claimed.id);
		const told = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, mayor.id) });
		expect(told.map((n) => n.type)).toContain('consortium.invited');
		expect(await answerInvitation(mayor, pending.id, true)).toEqual({ ok: true });
	});

	it('hand the coordinator role over, cancel invitations and dissolve', async () => {
		const created = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Transmission' });
		if (!created.ok) throw new Error(created.code);
		await inviteOrganisation(bethuneAdmin, created.id, nevers);
		await inviteOrganisation(bethuneAdmin, created.id, epci);
		expect(await cancelInvitation(neversAdmin, (await member(created.id, epci)).id)).toEqual({ ok: false, code: 'forbidden' });
		expect(await cancelInvitation(bethuneAdmin, (await member(created.id, epci)).id)).toEqual({ ok: true });
		expect(await proposeCoordinator(bethuneAdmin, created.id, nevers)).toEqual({ ok: false, code: 'invalid_member' });
		await answerInvitation(neversAdmin, (await member(created.id, nevers)).id, true);
		expect(await proposeCoordinator(bethuneAdmin, created.id, nevers)).toEqual({ ok: true });
		expect(await acceptCoordinator(stranger, created.id)).toEqual({ ok: false, code: 'forbidden' });
		expect(await acceptCoordinator(neversAdmin, created.id)).toEqual({ ok: true });
		expect(await dissolve(bethuneAdmin, created.id)).toEqual({ ok: false, code: 'forbidden' });
		expect(await dissolve(neversAdmin, created.id)).toEqual({ ok: true });
		const [row] = await db().select().from(consortia).where(eq(consortia.id, created.id));
		expect(row.status).toBe('dissolved');
		expect(await inviteOrganisation(neversAdmin, created.id, epci)).toEqual({ ok: false, code: 'dissolved' });
	});

	it('let their coordinator, and only it, publish calls on their behalf', async () => {
		const created = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Appels communs' });
		if (!created.ok) throw new Error(created.code);
		const opensAt = new Date();
		const input = {
			title: 'Appel commun',
			challenge: 'Un défi partagé.',
			theme: 'urban_data' as const,
			budget: null,
			durationMonths: 6,
			legalFrame: 'experimentation_convention' as const,
			opensAt,
			closesAt: new Date(opensAt.getTime() + 30 * 86_400_000),
			consortiumId: created.id,
			audience: 'startups' as const,
			eligibility: null,
			criteria: [{ label: 'Pertinence', weight: 100 }]
		};
		expect(await createCall(neversAdmin, nevers, input)).toEqual({ ok: false, code: 'not_coordinator' });
		const call = await createCall(bethuneAdmin, bethune, input);
		if (!call.ok) throw new Error(call.code);
		expect((await callDetails(call.id))?.consortium).toEqual({ id: created.id, name: 'Appels communs' });
	});

	it('answer the public API with members, départements and rules, never a person', async () => {
		const created = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Public' });
		if (!created.ok) throw new Error(created.code);
		const api = await publicConsortium(created.id);
		expect(api).toMatchObject({ name: 'Public', status: 'forming', departements: ['62'], rules: { minMembers: { required: 3, count: 1, holds: false } } });
		expect(JSON.stringify(api)).not.toMatch(/@|createdBy/);
	});
	it('let only an eligible consortium, through its coordinator, submit to a call for projects', async () => {
		const [fundAdmin, founder] = await Promise.all([createUser(), createUser()]);
		const fund = await organisation('partner', 'Fonds Test', {}, [[fundAdmin, 'admin']]);
		const startup = await organisation('startup', 'Jeune Pousse', { siren: '732829320' }, [[founder, 'admin']]);
		const opensAt = new Date();
		const created = await createCall(fundAdmin, fund, {
			title: 'Hubs connectés',
			challenge: 'Grouper les villes sur plusieurs départements.',
			theme: 'digital_inclusion',
			budget: null,
			durationMonths: 12,
			legalFrame: 'experimentation_convention',
			opensAt,
			closesAt: new Date(opensAt.getTime() + 30 * 86_400_000),
			consortiumId: null,
			audience: 'consortia',
			eligibility: { minMembers: 3, minDepartements: 3, allowedRegions: [] },
			criteria: [
				{ label: 'Impact', weight: 60 },
				{ label: 'Cofinancement', weight: 40 }
			]
		});
		if (!created.ok) throw new Error(created.code);
		expect(await publishCall(fundAdmin, created.id)).toEqual({ ok: true });
		const [call] = await db().query.calls.findMany({ where: (c, { eq }) => eq(c.id, created.id) });

		// The consortium's own rules ask for two members in two départements.
		const consortium = await createConsortium(bethuneAdmin, bethune, { ...rules, name: 'Candidat', minMembers: 2, minDepartements: 2 });
		if (!consortium.ok) throw new Error(consortium.code);
		const id = consortium.id;
		const answer = { proposal: 'Un hub par département.', price: 120_000_00, durationMonths: 12, team: 'Les agents des trois villes.', references: '' };

		// Forming, alone: the coordinator may draft but not submit.
		const draft = await saveResponse(bethuneAdmin, call.id, bethune, answer, null, new Date(), id);
		if (!draft.ok) throw new Error(draft.code);
		expect(await submitResponse(bethuneAdmin, draft.id)).toEqual({ ok: false, code: 'not_eligible' });
		let eligibility = await eligibilityFor(db(), id, call);
		expect(eligibility).toMatchObject({ active: false, eligible: false, report: { members: { count: 1, required: 3 } } });

		// Active by its own rules (two cities, two départements, councils voted), but the call asks for three départements.
		await inviteOrganisation(bethuneAdmin, id, nevers);
		await answerInvitation(neversAdmin, (await member(id, nevers)).id, true);
		const vote = (signer: User, org: string, number: string, kind: 'council' | 'president_delegation' = 'council') =>
			member(id, org).then((m) => recordDeliberation(proven(signer), m.id, { number, date: today(), kind, file: null }));
		expect(await vote(bethuneSigner, bethune, 'HUB-1')).toEqual({ ok: true });
		expect(await vote(neversSigner, nevers, 'HUB-1')).toEqual({ ok: true });
		eligibility = await eligibilityFor(db(), id, call);
		expect(eligibility.active).toBe(true);
		expect(eligibility.report.departements).toMatchObject({ holds: false, covered: ['58', '62'], required: 3 });
		expect(await submitResponse(bethuneAdmin, draft.id)).toEqual({ ok: false, code: 'not_eligible' });

		// A member that does not coordinate, and a startup, cannot answer.
		expect(await saveResponse(neversAdmin, call.id, nevers, answer, null, new Date(), id)).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await saveResponse(founder, call.id, startup, answer, null)).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await saveResponse(founder, call.id, startup, answer, null, new Date(), id)).toEqual({ ok: false, code: 'coordinators_only' });

		// With the intercommunality (Oise and Nièvre) and its decision, the consortium is eligible and submits.
		await inviteOrganisation(bethuneAdmin, id, epci);
		await answerInvitation(epciAdmin, (await member(id, epci)).id, true);
		expect(await vote(epciSigner, epci, 'HUB-DP', 'president_delegation')).toEqual({ ok: true });
		eligibility = await eligibilityFor(db(), id, call);
		expect(eligibility).toMatchObject({ active: true, eligible: true });
		expect(await submitResponse(bethuneAdmin, draft.id)).toEqual({ ok: true });
		const [stored] = await db().query.responses.findMany({ where: (r, { eq }) => eq(r.id, draft.id) });
		expect(stored).toMatchObject({ status: 'submitted', consortiumId: id, startupOrganisationId: bethune });
	});
});
