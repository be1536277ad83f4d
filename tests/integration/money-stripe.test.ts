// Issue #12, with Stripe: the paths real money takes (concurrent calls, refunds, disputes, overpayments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { pledges, stripeRefunds, type User } from '$lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund } from '$lib/server/funds/commands';
import { useStripeSettings } from '$lib/server/stripe/client';
import { createUser, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, ok, organisation, vote } from './funds-support';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

useTestDatabase();
const fake = new FakeStripe();

let coordinator: User, agent: User, signer: User;
let bethune: string, nevers: string, consortiumId: string;

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
	[coordinator, agent, signer] = await Promise.all(Array.from({ length: 3 }, () => createUser()));
	bethune = await organisation('city', 'Bethune', [[coordinator, 'admin']]);
	nevers = await organisation('city', 'Nevers', [[agent, 'member'], [signer, 'signatory']]);
	consortiumId = await activeConsortium(bethune, [nevers], coordinator);
});

afterAll(async () => {
	useStripeSettings(undefined);
	await fake.stop();
});

async function approvedPledge(amountCents: number, name: string) {
	const { id: fundId } = ok(await openFund(coordinator, consortiumId, fundInput({ name, capSharePercent: null, targetCents: 100_000_000_00, thresholdCents: 1_00 })));
	const pledgeId = ok(await enterPledge(agent, nevers, fundId, amountCents)).id;
	ok(await approvePledge(signer, pledgeId, vote('DCM-2026-1')));
	return { fundId, pledgeId };
}

const pledge = async (id: string) => (await db().select().from(pledges).where(eq(pledges.id, id)))[0];

describe('money with Stripe (#12)', () => {
	it('case 3: two concurrent calls of one pledge make one call, one invoice, and void nothing', async () => {
		const { fundId, pledgeId } = await approvedPledge(40_000_00, 'Deux onglets');
		const answers = await Promise.all([callPledges(coordinator, fundId, [pledgeId], new Date()), callPledges(coordinator, fundId, [pledgeId], new Date())]);
		expect(answers.map((a) => a.ok)).toEqual([true, true]);
		expect(answers.map((a) => (a.ok ? a.called : -1)).sort()).toEqual([0, 1]);
		const row = await pledge(pledgeId);
		expect(row.status).toBe('called');
		const invoices = [...fake.objects.values()].filter((o) => o.object === 'invoice' && (o.metadata as Record<string, string>).pledgeId === pledgeId);
		expect(invoices.map((i) => i.id)).toEqual([row.stripeInvoiceId]);
		expect(await db().select().from(stripeRefunds).where(eq(stripeRefunds.pledgeId, pledgeId))).toEqual([]);
		expect(fake.invoice(row.stripeInvoiceId!)!.status).toBe('open');
		await expectLedgerAgrees();
	});
});
