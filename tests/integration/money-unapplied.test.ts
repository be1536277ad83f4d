// Issue #12 case 4 without Stripe: a transfer beyond what is due (an invoice overpaid, paid twice, paid after the
// fund failed or the pledge was released) is recorded as unapplied money of the organisation that paid it, shown
// to the coordinator, and returned owed-then-made, with the bank reference of the transfer that sent it back.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { ledgerEntries, notifications, pledges, type User } from '$lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund, recordReceipt, settleDueFunds } from '$lib/server/funds/commands';
import { pledgeByPaymentReference, recordUnappliedReturned, unappliedOfFund } from '$lib/server/funds/unapplied';
import { refundsMadeTo } from '$lib/server/funds/refunds';
import { fundDetails } from './fund-details';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, HOUR, ok, organisation, vote } from './funds-support';

useTestDatabase();

let coordinator: User, neversAgent: User, neversSigner: User, lavalAgent: User, lavalSigner: User;
let nevers: string, laval: string, consortiumId: string;
const today = () => new Date();

beforeAll(async () => {
	[coordinator, neversAgent, neversSigner, lavalAgent, lavalSigner] = await Promise.all(Array.from({ length: 5 }, () => createUser()));
	const bethune = await organisation('city', 'Béthune', [[coordinator, 'admin']]);
	nevers = await organisation('city', 'Nevers', [
		[neversAgent, 'member'],
		[neversSigner, 'signatory']
	]);
	laval = await organisation('city', 'Laval', [
		[lavalAgent, 'admin'],
		[lavalSigner, 'signatory']
	]);
	consortiumId = await activeConsortium(bethune, [nevers, laval], coordinator);
});

/** A fund with Nevers's and Laval's pledges approved and called. */
async function calledFund(name: string, neversCents: number, lavalCents: number, thresholdCents = 100_00) {
	const fundId = ok(await openFund(coordinator, consortiumId, fundInput({ name, thresholdCents }))).id;
	const n = ok(await enterPledge(neversAgent, nevers, fundId, neversCents)).id;
	const l = ok(await enterPledge(lavalAgent, laval, fundId, lavalCents)).id;
	ok(await approvePledge(proven(neversSigner), n, vote(`N-${name}`)));
	ok(await approvePledge(proven(lavalSigner), l, vote(`L-${name}`)));
	ok(await callPledges(coordinator, fundId, [n, l], new Date(Date.now() + 24 * HOUR)));
	return { fundId, n, l };
}

const entries = async (pledgeId: string) =>
	(await db().select().from(ledgerEntries).where(eq(ledgerEntries.pledgeId, pledgeId))).map((e) => [e.kind, e.amountCents, e.reference]);
const statusOf = async (pledgeId: string) => (await db().select({ status: pledges.status }).from(pledges).where(eq(pledges.id, pledgeId)))[0].status;

describe('money beyond what is due, without Stripe (case 4)', () => {
	it('an invoice overpaid and then paid twice: what was due is received, the rest is unapplied, never the fund’s to spend', async () => {
		const { fundId, n } = await calledFund('Trop payé', 1_000_00, 2_000_00);
		// 1 000 € called, 2 500 € arrive: the pledge is paid and 1 500 € wait to be returned (was refused on main).
		expect(await recordReceipt(coordinator, n, { amountCents: 2_500_00, bankReference: 'VIR-N-1', receivedOn: today() })).toEqual({
			ok: true,
			paid: true,
			unappliedCents: 1_500_00
		});
		expect(await statusOf(n)).toBe('paid');
		// The same transfer recorded again is refused; a second transfer of the paid pledge is all unapplied.
		expect(await recordReceipt(coordinator, n, { amountCents: 2_500_00, bankReference: 'VIR-N-1', receivedOn: today() })).toEqual({
			ok: false,
			code: 'duplicate_receipt'
		});
		expect(await recordReceipt(coordinator, n, { amountCents: 1_000_00, bankReference: 'VIR-N-2', receivedOn: today() })).toEqual({
			ok: true,
			paid: false,
			unappliedCents: 1_000_00
		});
		expect(await recordReceipt(neversSigner, n, { amountCents: 1_00, bankReference: 'VIR-N-3', receivedOn: today() })).toEqual({
			ok: false,
			code: 'coordinators_only'
		});
		expect(await entries(n)).toEqual(
			expect.arrayContaining([
				['receipt', 1_000_00, 'VIR-N-1'],
				['unapplied', 1_500_00, 'VIR-N-1'],
				['unapplied', 1_000_00, 'VIR-N-2']
			])
		);
		const totals = (await fundDetails(fundId))!.totals;
		expect(totals).toMatchObject({ received: 1_000_00, available: 1_000_00, unapplied: 2_500_00, returned: 0 });
		// The coordinator's dashboard lists it for Nevers, to return by transfer.
		expect(await unappliedOfFund(fundId)).toEqual([{ pledgeId: n, organisation: 'Nevers', unappliedCents: 2_500_00, returnedCents: 0, throughStripe: false }]);
		await expectLedgerAgrees();

		// Returned owed-then-made: part, then the rest; never more than was received beyond what was due.
		const sent = (amountCents: number, bankReference: string) => ({ amountCents, bankReference, sentOn: today() });
		expect(await recordUnappliedReturned(coordinator, n, sent(2_500_01, 'RET-1'))).toEqual({ ok: false, code: 'over_unapplied' });
		expect(await recordUnappliedReturned(neversSigner, n, sent(1_00, 'RET-1'))).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await recordUnappliedReturned(coordinator, n, sent(1_500_00, ' '))).toEqual({ ok: false, code: 'bank_reference_required' });
		expect(await recordUnappliedReturned(coordinator, n, { ...sent(1_00, 'RET-X'), sentOn: new Date(Date.now() + 72 * HOUR) })).toEqual({
			ok: false,
			code: 'sent_in_future'
		});
		expect(await recordUnappliedReturned(coordinator, n, sent(1_500_00, 'RET-1'))).toEqual({ ok: true, done: false });
		expect(await recordUnappliedReturned(coordinator, n, sent(1_000_00, 'RET-1'))).toEqual({ ok: false, code: 'duplicate_refund' });
		expect(await recordUnappliedReturned(coordinator, n, sent(1_000_00, 'RET-2'))).toEqual({ ok: true, done: true });
		expect(await recordUnappliedReturned(coordinator, n, sent(1_00, 'RET-3'))).toEqual({ ok: false, code: 'nothing_unapplied' });
		expect((await fundDetails(fundId))!.totals).toMatchObject({ available: 1_000_00, unapplied: 0, returned: 2_500_00 });
		expect(await unappliedOfFund(fundId)).toEqual([]);
		// Nevers is told of each return, and sees it beside its pledge with the reference.
		const told = await db()
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, neversSigner.id), eq(notifications.type, 'fund.refund_made')));
		expect(told.map((t) => t.params)).toEqual([
			expect.objectContaining({ amountCents: String(1_500_00), reference: 'RET-1' }),
			expect.objectContaining({ amountCents: String(1_000_00), reference: 'RET-2' })
		]);
		expect((await refundsMadeTo([n])).get(n)!.map((r) => [r.amountCents, r.reference])).toEqual([
			[1_500_00, 'RET-1'],
			[1_000_00, 'RET-2']
		]);
		expect(await statusOf(n)).toBe('paid');
		await expectLedgerAgrees();
	});

	it('paid after the fund failed, or after the called pledge was released: all of it is unapplied, found by the reference the payer quoted', async () => {
		const { fundId, n, l } = await calledFund('Échoué', 200_000_00, 100_000_00, 900_000_00);
		ok(await recordReceipt(coordinator, n, { amountCents: 200_000_00, bankReference: 'VIR-N', receivedOn: today() }));
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');
		expect([await statusOf(n), await statusOf(l)]).toEqual(['refund_owed', 'released']);

		// Laval's comptable pays the released call anyway, quoting its reference as printed (spaces, lower case).
		const [laval] = await db().select().from(pledges).where(eq(pledges.id, l));
		const printed = laval.paymentReference!.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
		expect(await pledgeByPaymentReference(fundId, printed)).toBe(l);
		expect(await pledgeByPaymentReference(fundId, 'RF00 NOPE')).toBeNull();
		expect(await recordReceipt(coordinator, l, { amountCents: 100_000_00, bankReference: 'VIR-L-LATE', receivedOn: today() })).toEqual({
			ok: true,
			paid: false,
			unappliedCents: 100_000_00
		});
		// Nevers pays a second time after the failure: unapplied too, beside the refund it is owed.
		expect(await recordReceipt(coordinator, n, { amountCents: 5_000_00, bankReference: 'VIR-N-BIS', receivedOn: today() })).toEqual({
			ok: true,
			paid: false,
			unappliedCents: 5_000_00
		});
		expect([await statusOf(n), await statusOf(l)]).toEqual(['refund_owed', 'released']);
		expect((await fundDetails(fundId))!.totals).toMatchObject({ owed: 200_000_00, available: 0, unapplied: 105_000_00, committed: 0 });
		expect((await unappliedOfFund(fundId)).map((r) => [r.organisation, r.unappliedCents])).toEqual([
			['Laval', 100_000_00],
			['Nevers', 5_000_00]
		]);
		await expectLedgerAgrees();
		ok(await recordUnappliedReturned(coordinator, l, { amountCents: 100_000_00, bankReference: 'RET-L', sentOn: today() }));
		expect((await fundDetails(fundId))!.totals).toMatchObject({ owed: 200_000_00, unapplied: 5_000_00, returned: 100_000_00 });
		await expectLedgerAgrees();
	});
});
