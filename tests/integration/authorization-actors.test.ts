import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { calls, consortia, disbursements, funds, matchOffers, memberships, organisations, pledges, sessions, users, type User } from '$lib/server/db/schema';
import { createSession } from '$lib/server/auth/sessions';
import { enrolWithKey, newTotpKey } from '$lib/server/auth/totp';
import { removeMember } from '$lib/server/organisations/members';
import { callRoute, type RouteOutcome } from './route-harness';
import { createUser, useDemoDatabase } from './support';
import * as pledgesPage from '../../src/routes/(app)/pledges/+page.server';
import * as fundPage from '../../src/routes/(public)/funds/[id=id]/+page.server';
import * as dashboard from '../../src/routes/(app)/funds/[id=id]/dashboard/+page.server';
import * as membersPage from '../../src/routes/(app)/organisations/[slug=slug]/members/+page.server';
import * as profilePage from '../../src/routes/(app)/organisations/[slug=slug]/profile/+page.server';
import * as consortiumPage from '../../src/routes/(public)/consortia/[id=id]/+page.server';
import * as evaluationPage from '../../src/routes/(app)/calls/[id=id]/evaluation/+page.server';
import * as callPage from '../../src/routes/(public)/calls/[id=id]/+page.server';
import * as adminPage from '../../src/routes/admin/+page.server';

// Issue #11: the authorization matrix for people who ARE signed in, with a passed second factor, but
// have no right on Béthune (the demo's coordinating city): a signatory of another city, a startup's
// founder, and a signatory removed from Béthune. Every action on Béthune's money, members, consortium
// and call is refused, and the database is exactly as before (row counts and a hash of the money).

useDemoDatabase();

/** Row counts of every table, and a hash of the rows of the tables that hold or decide money. */
async function fingerprint() {
	const client = (db() as unknown as { $client: { execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> } }).$client;
	const tables = (
		await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%' order by name")
	).rows.map((r) => String(r.name));
	const counts: Record<string, number> = {};
	for (const table of tables) counts[table] = Number((await client.execute(`select count(*) as n from "${table}"`)).rows[0].n);
	// Sessions and throttle buckets move with any signed-in request (sliding expiry, failed codes).
	delete counts.sessions;
	const hash = createHash('sha256');
	for (const table of [
		'pledges',
		'ledger_entries',
		'disbursements',
		'match_offers',
		'memberships',
		'consortium_members',
		'organisations',
		'call_evaluators',
		'evaluations'
	]) {
		if (!tables.includes(table)) continue;
		hash.update(JSON.stringify((await client.execute(`select * from "${table}" order by rowid`)).rows));
	}
	return { counts, money: hash.digest('hex') };
}

let ids: {
	fund: string;
	pledge: string;
	offer: string;
	disbursement: string;
	consortium: string;
	call: string;
	slug: string;
	bethune: string;
	signatoryOfBethune: string;
};
const actors: Record<string, string> = {};

async function signedInWithSecondFactor(user: Pick<User, 'id'>) {
	// Enrolled (demo people already are) and passed: the refusals below are about rights, not the code.
	await write((tx) => enrolWithKey(tx, user.id, newTotpKey(), new Date()));
	const session = await write((tx) => createSession(tx, user.id));
	await write((tx) => tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, session.id)));
	return session.token;
}

beforeAll(async () => {
	const [bethune] = await db().select().from(organisations).where(eq(organisations.slug, 'bethune'));
	const [fund] = await db()
		.select()
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(consortia.coordinatorOrganisationId, bethune.id));
	const [pledge] = await db()
		.select()
		.from(pledges)
		.where(and(eq(pledges.organisationId, bethune.id)));
	const [offer] = await db().select().from(matchOffers);
	const [disbursement] = await db().select().from(disbursements);
	const [call] = await db().select().from(calls).where(eq(calls.publisherOrganisationId, bethune.id));
	const [elu] = await db().select().from(users).where(eq(users.email, 'elu@bethune.example'));
	ids = {
		fund: fund.funds.id,
		pledge: pledge.id,
		offer: offer?.id ?? 'none',
		disbursement: disbursement?.id ?? 'none',
		consortium: fund.consortia.id,
		call: call?.id ?? 'none',
		slug: bethune.slug,
		bethune: bethune.id,
		signatoryOfBethune: elu.id
	};
	const person = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];
	actors['signatory of another city'] = await signedInWithSecondFactor(await person('elu@nevers.example'));
	actors['startup founder'] = await signedInWithSecondFactor(await person('fondatrice@capteurs-civiques.example'));
	// A signatory of Béthune, removed by its admin: signed in before and after, with the second factor.
	const removed = await createUser();
	await write((tx) => tx.insert(memberships).values({ organisationId: bethune.id, userId: removed.id, role: 'signatory', createdAt: new Date() }));
	const token = await signedInWithSecondFactor(removed);
	const [admin] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
	expect(await removeMember(admin, bethune.id, removed.id)).toEqual({ ok: true });
	actors['removed member'] = token;
}, 300_000);

type Handler = (event: never) => unknown;
interface Cell {
	name: string;
	path: () => string;
	params: () => Record<string, string>;
	handler: Handler;
	form?: () => Record<string, string>;
	/** The status a refusal must have, where the route says more than "some 4xx". */
	status?: number;
}

const day = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const cells: Cell[] = [
	{
		name: 'approve a pledge (/pledges)',
		path: () => '/pledges?/approve',
		params: () => ({}),
		handler: pledgesPage.actions.approve,
		form: () => ({ pledgeId: ids.pledge, reference: 'D-2026-77', date: day() })
	},
	{
		name: 'approve a pledge (fund page)',
		path: () => `/funds/${ids.fund}?/approve`,
		params: () => ({ id: ids.fund }),
		handler: fundPage.actions.approve,
		form: () => ({ pledgeId: ids.pledge, reference: 'D-2026-77', date: day() })
	},
	{
		name: 'withdraw a pledge',
		path: () => `/funds/${ids.fund}?/withdraw`,
		params: () => ({ id: ids.fund }),
		handler: fundPage.actions.withdraw,
		form: () => ({ pledgeId: ids.pledge })
	},
	{
		name: 'amend a pledge',
		path: () => `/funds/${ids.fund}?/amend`,
		params: () => ({ id: ids.fund }),
		handler: fundPage.actions.amend,
		form: () => ({ pledgeId: ids.pledge, amount: '1000' })
	},
	{
		name: 'approve a match offer',
		path: () => `/funds/${ids.fund}?/approveOffer`,
		params: () => ({ id: ids.fund }),
		handler: fundPage.actions.approveOffer,
		form: () => ({ offerId: ids.offer, reference: 'CA-77', date: day() })
	},
	{ name: 'open the fund dashboard', path: () => `/funds/${ids.fund}/dashboard`, params: () => ({ id: ids.fund }), handler: dashboard.load as Handler },
	{
		name: 'call pledges',
		path: () => `/funds/${ids.fund}/dashboard?/call`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.call,
		form: () => ({ pledgeIds: ids.pledge, dueDate: '2030-01-01' })
	},
	{
		name: 'record a receipt',
		path: () => `/funds/${ids.fund}/dashboard?/receipt`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.receipt,
		form: () => ({ pledgeId: ids.pledge, amount: '10', bankReference: 'VIR-X', receivedOn: day() })
	},
	{
		name: 'record a transfer that matches no expected payment',
		path: () => `/funds/${ids.fund}/dashboard?/unexpected`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.unexpected,
		form: () => ({ paymentReference: 'RF18539007547034', amount: '10', bankReference: 'VIR-X', receivedOn: day() })
	},
	{
		name: 'record an overpayment returned',
		path: () => `/funds/${ids.fund}/dashboard?/returnUnapplied`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.returnUnapplied,
		form: () => ({ pledgeId: ids.pledge, amount: '10', bankReference: 'RET-X', sentOn: day() })
	},
	{
		name: 'record money put back to cover a deficit',
		path: () => `/funds/${ids.fund}/dashboard?/coverDeficit`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.coverDeficit,
		form: () => ({ amount: '10', bankReference: 'VIR-X', receivedOn: day() })
	},
	{
		name: 'propose a disbursement',
		path: () => `/funds/${ids.fund}/dashboard?/propose`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.propose,
		form: () => ({ amount: '10', beneficiary: 'X', purpose: 'Y' })
	},
	{
		name: 'decide a disbursement',
		path: () => `/funds/${ids.fund}/dashboard?/decide`,
		params: () => ({ id: ids.fund }),
		handler: dashboard.actions.decide,
		form: () => ({ disbursementId: ids.disbursement, decision: 'approve' })
	},
	{ name: 'open the members page', path: () => `/organisations/${ids.slug}/members`, params: () => ({ slug: ids.slug }), handler: membersPage.load as Handler },
	{
		name: 'invite a member',
		path: () => `/organisations/${ids.slug}/members?/invite`,
		params: () => ({ slug: ids.slug }),
		handler: membersPage.actions.invite,
		form: () => ({ email: 'intrus@example.org', role: 'signatory' })
	},
	{
		name: 'change a role',
		path: () => `/organisations/${ids.slug}/members?/role`,
		params: () => ({ slug: ids.slug }),
		handler: membersPage.actions.role,
		form: () => ({ userId: ids.signatoryOfBethune, role: 'member' })
	},
	{
		name: 'remove a member',
		path: () => `/organisations/${ids.slug}/members?/remove`,
		params: () => ({ slug: ids.slug }),
		handler: membersPage.actions.remove,
		form: () => ({ userId: ids.signatoryOfBethune })
	},
	{
		name: 'edit the profile',
		path: () => `/organisations/${ids.slug}/profile`,
		params: () => ({ slug: ids.slug }),
		handler: profilePage.actions.default,
		form: () => ({ description: 'Pirate', website: 'https://evil.example' })
	},
	{
		name: 'invite into the consortium',
		path: () => `/consortia/${ids.consortium}?/invite`,
		params: () => ({ id: ids.consortium }),
		handler: consortiumPage.actions.invite,
		form: () => ({ organisationId: ids.bethune })
	},
	{
		name: 'dissolve the consortium',
		path: () => `/consortia/${ids.consortium}?/dissolve`,
		params: () => ({ id: ids.consortium }),
		handler: consortiumPage.actions.dissolve,
		form: () => ({ confirm: 'on' })
	},
	{
		name: 'hand over coordination',
		path: () => `/consortia/${ids.consortium}?/propose`,
		params: () => ({ id: ids.consortium }),
		handler: consortiumPage.actions.propose,
		form: () => ({ organisationId: ids.bethune })
	},
	{ name: 'open the evaluation', path: () => `/calls/${ids.call}/evaluation`, params: () => ({ id: ids.call }), handler: evaluationPage.load as Handler },
	{
		name: 'name an evaluator',
		path: () => `/calls/${ids.call}/evaluation?/evaluator`,
		params: () => ({ id: ids.call }),
		handler: evaluationPage.actions.evaluator,
		form: () => ({ userId: ids.signatoryOfBethune })
	},
	{
		name: 'decide the call',
		path: () => `/calls/${ids.call}/evaluation?/decide`,
		params: () => ({ id: ids.call }),
		handler: evaluationPage.actions.decide,
		form: () => ({})
	},
	{
		name: 'publish the call',
		path: () => `/calls/${ids.call}?/publish`,
		params: () => ({ id: ids.call }),
		handler: callPage.actions.publish,
		form: () => ({}),
		status: 403
	},
	{
		name: 'verify an organisation',
		path: () => '/admin?/review',
		params: () => ({}),
		handler: adminPage.actions.review,
		form: () => ({ organisationId: ids.bethune, verdict: 'verified' })
	}
];

/** A refusal: a 4xx answer (fail or error), or being sent elsewhere than back to the page it acted on. */
function refused(outcome: RouteOutcome, path: string) {
	if (outcome.kind === 'fail' || outcome.kind === 'error') return outcome.status >= 400 && outcome.status < 500;
	if (outcome.kind === 'redirect') return !outcome.location.startsWith(path.split('?')[0]) || /two-factor|login/.test(outcome.location);
	return false;
}

describe('authorization matrix: signed-in people without a right on the organisation', () => {
	for (const actor of ['signatory of another city', 'startup founder', 'removed member']) {
		it(`refuses every action of a ${actor} on Béthune and changes nothing`, async () => {
			const before = await fingerprint();
			const accepted: string[] = [];
			for (const cell of cells) {
				const form = cell.form ? new URLSearchParams(cell.form()) : undefined;
				const outcome = await callRoute({ token: actors[actor], path: cell.path(), params: cell.params(), form }, cell.handler);
				if (process.env.MATRIX_TRACE) console.log(actor, '|', cell.name, '|', JSON.stringify(outcome).slice(0, 160));
				const wrongStatus = cell.status !== undefined && 'status' in outcome && outcome.status !== cell.status;
				if (!refused(outcome, cell.path()) || wrongStatus) accepted.push(`${cell.name}: ${JSON.stringify(outcome).slice(0, 200)}`);
			}
			expect(accepted).toEqual([]);
			expect(await fingerprint()).toEqual(before);
		});
	}
});

describe('the matrix can tell', () => {
	it('lets Béthune’s own admin invite a member: not counted as refused, and the fingerprint moves', async () => {
		const [admin] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
		const before = await fingerprint();
		const token = await signedInWithSecondFactor(admin);
		const path = `/organisations/${ids.slug}/members?/invite`;
		const form = new URLSearchParams({ email: 'nouvelle@example.org', role: 'member' });
		const outcome = await callRoute({ token, path, params: { slug: ids.slug }, form }, membersPage.actions.invite);
		expect(refused(outcome, path)).toBe(false);
		expect(await fingerprint()).not.toEqual(before);
	});
});
