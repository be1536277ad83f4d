import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { memberships, organisations, users } from '$lib/server/db/schema';
import { importReferenceData } from '$lib/server/reference/import';
import { DEMO_PASSWORD, demoCities, seedDemo } from '$lib/server/demo/seed';
import { signIn } from '$lib/server/users/accounts';
import { countRows, noMeta, useTestDatabase } from './support';

useTestDatabase();

beforeAll(async () => {
	await importReferenceData(() => undefined);
});

describe('demo seed', () => {
	it('seeds verified demo cities with accounts that can sign in, once', async () => {
		expect(await seedDemo(() => undefined)).toBe(true);

		const demo = await db().select().from(organisations).where(eq(organisations.isDemo, true));
		// The five cities, three startups and a partner; those that are not real say so.
		expect(demo.filter((o) => o.kind === 'city').map((o) => o.inseeCode).sort()).toEqual(demoCities.map((c) => c.inseeCode).sort());
		expect(demo.filter((o) => o.kind !== 'city').map((o) => o.name).every((name) => name.endsWith('(démo)'))).toBe(true);
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
});
