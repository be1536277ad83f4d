import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { memberships, organisations, users } from '$lib/server/db/schema';
import { importReferenceData } from '$lib/server/reference/import';
import { DEMO_PASSWORD, demoCities, seedDemo } from '$lib/server/demo/seed';
import { signIn } from '$lib/server/users/accounts';
import { countRows, noMeta, useTestDatabase } from './support';
import { listFunds } from '$lib/server/funds/queries';
import { fundDetails } from './fund-details';
import { verifyLedger } from '$lib/server/funds/verify';
import { pledgeStatuses } from '$lib/domain/funds';

useTestDatabase();

beforeAll(async () => {
	await importReferenceData(() => undefined);
});

describe('demo seed', () => {
	it('seeds verified demo cities with accounts that can sign in, once', async () => {
		expect(await seedDemo(() => undefined)).toBe(true);

		const demo = await db().select().from(organisations).where(eq(organisations.isDemo, true));
		// The five cities, three startups and a partner; those that are not real say so.
		expect(
			demo
				.filter((o) => o.kind === 'city')
				.map((o) => o.inseeCode)
				.sort()
		).toEqual(demoCities.map((c) => c.inseeCode).sort());
		expect(
			demo
				.filter((o) => o.kind !== 'city')
				.map((o) => o.name)
				.every((name) => name.endsWith('(démo)'))
		).toBe(true);
		expect(demo.filter((o) => o.kind === 'startup')).toHaveLength(3);
		expect(demo.every((o) => o.verificationStatus === 'verified')).toBe(true);
		const bethune = demo.find((o) => o.inseeCode === '62119')!;
		expect(bethune).toMatchObject({ kind: 'city', name: 'Béthune', slug: 'bethune' });

		const signedIn = await signIn('agent@bethune.example', DEMO_PASSWORD, noMeta);
		expect(signedIn.ok).toBe(true);
		const [agent] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
		expect(agent.emailVerifiedAt).toBeInstanceOf(Date);
		const [membership] = await db()
			.select()
			.from(memberships)
			.where(and(eq(memberships.organisationId, bethune.id), eq(memberships.userId, agent.id)));
		expect(membership.role).toBe('admin');

		const [admin] = await db().select().from(users).where(eq(users.email, 'admin@entente.example'));
		expect(admin.isPlatformAdmin).toBe(true);

		const before = { users: await countRows('users'), organisations: await countRows('organisations') };
		expect(await seedDemo(() => undefined)).toBe(false);
		expect({ users: await countRows('users'), organisations: await countRows('organisations') }).toEqual(before);
	});

	it('tells the funds story: every pledge state, a match offer, payments, a disbursement, and a ledger that agrees', async () => {
		const { funds } = await listFunds({ status: null, consortiumId: null }, 0, 10);
		expect(funds.map((f) => f.status).sort()).toEqual(['failed', 'funded', 'open']);
		const states = new Set<string>();
		for (const fund of funds) for (const pledge of (await fundDetails(fund.id))!.pledges) states.add(pledge.status);
		expect([...states].sort()).toEqual([...pledgeStatuses].sort());
		const smart = (await fundDetails(funds.find((f) => f.status === 'funded')!.id))!;
		expect(smart.offers).toHaveLength(1);
		expect(smart.totals.matched).toBe(100_000_00);
		expect(smart.totals.received).toBe(245_000_00);
		expect(smart.totals.disbursed).toBe(120_000_00);
		expect(smart.totals.available).toBe(125_000_00);
		expect(smart.disbursements.map((d) => d.status).sort()).toEqual(['approved', 'proposed']);
		expect((await verifyLedger()).differences).toEqual([]);
	});
});
