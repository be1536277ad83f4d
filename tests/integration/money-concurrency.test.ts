import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { funds, ledgerEntries, pledges } from '$lib/server/db/schema';
import { useStripeSettings } from '$lib/server/stripe/client';
import { verifyLedger } from '$lib/server/funds/verify';
import { useTestDatabase } from './support';
import { acknowledged, moneyWorld, newFund, pledgeFlow } from './money-load';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

// Issue #11, resilience under money writes: eight cities pledge to four funds all at once, over and
// over (enter → approve → call → paid, by a recorded transfer sent twice or by Stripe's signed webhook
// delivered twice), until the caps and targets stop them: hundreds of operations in one process. Every
// write the platform acknowledged is in the database, nothing was counted twice, the ledger verifies,
// and no city nor fund holds more than its cap or target.

useTestDatabase();
const fake = new FakeStripe();

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
});

afterAll(async () => {
	useStripeSettings(undefined);
	await fake.stop();
});

const CAP_CENTS = 90_000_00;
const TARGET_CENTS = 400_000_00;

describe('money writes all at once', () => {
	it('keeps every acknowledged write, counts nothing twice, verifies, and holds the caps', async () => {
		const world = await moneyWorld(8);
		const fundIds: string[] = [];
		for (let i = 0; i < 4; i++) {
			// Two funds capped per city, two by the target only: both limits meet concurrent approvals.
			fundIds.push(
				await newFund(world, {
					name: `Fonds ${i}`,
					targetCents: TARGET_CENTS,
					thresholdCents: 100_00,
					capAmountCents: i < 2 ? CAP_CENTS : null,
					capSharePercent: null
				})
			);
		}
		const log = acknowledged();
		// Amounts of 10 000 € to 30 000 € (whole euros), so that caps and targets are reached mid-flight.
		const amountCents = () => (10_000 + Math.floor(Math.random() * 20_000)) * 100;
		await Promise.all(
			world.cities.flatMap((city) =>
				fundIds.map((fundId) =>
					pledgeFlow(world, city, fundId, log, { amountCents, viaStripe: (cycle) => cycle % 2 === 1, fake, stop: () => false, maxCycles: 6 })
				)
			)
		);
		const refusals = Object.fromEntries(log.refusals);
		expect(log.operations, JSON.stringify(refusals)).toBeGreaterThan(300);
		expect(log.receipts.length).toBeGreaterThan(10);
		expect(log.webhooks.length).toBeGreaterThan(10);
		// Limits refused some pledges (the point of racing them); each transfer sent twice was recorded once
		// and refused once as a duplicate; nothing else was refused.
		const limits = /^(enter: intent_over_(member_cap|target)|approve: over_(member_cap|target))$/;
		expect(Object.keys(refusals).filter((code) => !limits.test(code) && code !== 'receipt: duplicate_receipt')).toEqual([]);
		expect(Object.keys(refusals).some((code) => limits.test(code))).toBe(true);
		expect(refusals['receipt: duplicate_receipt']).toBe(log.receipts.length);

		// Every acknowledged write is there.
		const rows = new Map(
			(
				await db()
					.select()
					.from(pledges)
					.where(
						inArray(
							pledges.id,
							log.pledges.map((p) => p.id)
						)
					)
			).map((p) => [p.id, p])
		);
		expect(log.pledges.filter((p) => rows.get(p.id)?.amountCents !== p.amountCents)).toEqual([]);
		expect(log.approved.filter((id) => !['approved', 'called', 'paid'].includes(rows.get(id)!.status))).toEqual([]);
		const paid = [...log.receipts.map((r) => r.pledgeId), ...log.webhooks.map((w) => w.pledgeId)];
		expect(paid.filter((id) => rows.get(id)!.status !== 'paid')).toEqual([]);
		expect(log.webhooks.filter((w) => rows.get(w.pledgeId)!.stripePaidCents !== w.amountCents)).toEqual([]);

		// Nothing counted twice: one receipt entry per pledge paid, of its amount.
		const receipts = await db()
			.select({ pledgeId: ledgerEntries.pledgeId, n: sql<number>`count(*)`, total: sql<number>`sum(${ledgerEntries.amountCents})` })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.kind, 'receipt'), inArray(ledgerEntries.fundId, fundIds)))
			.groupBy(ledgerEntries.pledgeId);
		expect(receipts.length).toBe(paid.length);
		for (const r of receipts) expect({ n: Number(r.n), total: Number(r.total) }).toEqual({ n: 1, total: rows.get(r.pledgeId!)!.amountCents });

		const { differences, entries } = await verifyLedger();
		expect(differences).toEqual([]);
		expect(entries).toBeGreaterThan(log.pledges.length * 2);

		// The caps held, per city and per fund, on what is committed (approved, called or paid: an intent
		// is only bounded against what others committed, and binds nobody until its council votes).
		const committed = await db()
			.select({ fundId: pledges.fundId, organisationId: pledges.organisationId, total: sql<number>`sum(${pledges.amountCents})` })
			.from(pledges)
			.where(and(inArray(pledges.fundId, fundIds), inArray(pledges.status, ['approved', 'called', 'paid'])))
			.groupBy(pledges.fundId, pledges.organisationId);
		const fundRows = new Map((await db().select().from(funds).where(inArray(funds.id, fundIds))).map((f) => [f.id, f]));
		for (const c of committed) {
			const cap = fundRows.get(c.fundId)!.capAmountCents;
			if (cap !== null) expect(Number(c.total), `a city in ${fundRows.get(c.fundId)!.name}`).toBeLessThanOrEqual(cap);
		}
		for (const fundId of fundIds) {
			const total = committed.filter((c) => c.fundId === fundId).reduce((sum, c) => sum + Number(c.total), 0);
			expect(total, fundRows.get(fundId)!.name).toBeLessThanOrEqual(TARGET_CENTS);
		}
		console.log(
			`money under load: ${log.operations} operations, ${log.pledges.length} pledges, ${log.receipts.length} transfers, ${log.webhooks.length} webhooks, refusals ${JSON.stringify(refusals)}`
		);
	}, 600_000);
});
