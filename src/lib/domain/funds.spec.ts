import { describe, expect, it } from 'vitest';
import {
	intentProblem,
	approvalProblem,
	canPledge,
	centsToDecimal,
	entryKinds,
	fundTakesPayments,
	fundTakesPledges,
	isOverdue,
	matchAmount,
	memberCap,
	pledgeFromLedger,
	pledgeStatuses,
	runningTotals,
	settle,
	shareBp,
	totalsFrom,
	type EntryKind,
	type Flow,
	type PledgeAction,
	type PledgeStatus
} from './funds';

const flow = (kind: EntryKind, amountCents: number, isMatch = false): Flow => {
	const [from, to] = entryKinds[kind];
	return { from, to, amountCents, isMatch };
};

describe('pledge state machine', () => {
	const table: Record<PledgeAction, PledgeStatus[]> = {
		amend: ['intent'],
		withdraw: ['intent'],
		approve: ['intent'],
		call: ['approved'],
		receive: ['called'],
		release: ['intent', 'approved', 'called'],
		refund: ['called', 'paid']
	};
	for (const [action, allowedFrom] of Object.entries(table) as [PledgeAction, PledgeStatus[]][]) {
		for (const status of pledgeStatuses) {
			const expected = allowedFrom.includes(status);
			it(`${action} from ${status} is ${expected ? 'allowed' : 'refused'}`, () => {
				expect(canPledge(status, action)).toBe(expected);
			});
		}
	}

	it('no action leaves a final state', () => {
		for (const final of ['withdrawn', 'released', 'refunded'] as const) {
			for (const action of Object.keys(table) as PledgeAction[]) expect(canPledge(final, action)).toBe(false);
		}
	});

	it('a fund takes pledges only while open and before its deadline, payments while open or funded', () => {
		const deadline = new Date('2026-12-01T12:00:00Z');
		expect(fundTakesPledges('open', deadline, new Date('2026-12-01T11:59:59Z'))).toBe(true);
		expect(fundTakesPledges('open', deadline, deadline)).toBe(false);
		expect(fundTakesPledges('funded', deadline, new Date('2026-11-01'))).toBe(false);
		expect(fundTakesPayments('open')).toBe(true);
		expect(fundTakesPayments('funded')).toBe(true);
		expect(fundTakesPayments('failed')).toBe(false);
		expect(fundTakesPayments('closed')).toBe(false);
	});
});

describe('ledger totals', () => {
	it('follows a pledge from intent to paid, in cents', () => {
		const flows = [flow('pledge', 10_000_00), flow('amend_down', 1_000_01), flow('approve', 8_999_99), flow('call', 8_999_99), flow('receipt', 4_000_00)];
		const t = totalsFrom(flows);
		expect(t).toMatchObject({ intent: 0, approved: 0, called: 4_999_99, received: 4_000_00, available: 4_000_00, committed: 8_999_99 });
		expect(pledgeFromLedger(flows)).toEqual({ amountCents: 8_999_99, status: 'called' });
		const paid = [...flows, flow('receipt', 4_999_99)];
		expect(pledgeFromLedger(paid)).toEqual({ amountCents: 8_999_99, status: 'paid' });
		expect(totalsFrom(paid)).toMatchObject({ called: 0, received: 8_999_99, available: 8_999_99, committed: 8_999_99 });
	});

	it('counts matches apart, and disbursements leave the cash but stay committed', () => {
		const t = totalsFrom([
			flow('pledge', 100),
			flow('approve', 100),
			flow('match', 50, true),
			flow('call', 50, true),
			flow('receipt', 50, true),
			flow('disburse', 30)
		]);
		expect(t).toMatchObject({ approved: 100, called: 0, received: 50, disbursed: 30, available: 20, committed: 150, matched: 50 });
	});

	it('a failed fund releases approvals and refunds what was received', () => {
		const flows = [flow('pledge', 100), flow('approve', 100), flow('call', 100), flow('receipt', 40), flow('release_called', 60), flow('refund', 40)];
		expect(totalsFrom(flows)).toMatchObject({ committed: 0, available: 0, released: 60, refunded: 40, received: 40 });
		expect(pledgeFromLedger(flows)).toEqual({ amountCents: 100, status: 'refunded' });
		expect(pledgeFromLedger([flow('pledge', 100), flow('withdraw', 100)])).toEqual({ amountCents: 100, status: 'withdrawn' });
		expect(pledgeFromLedger([flow('pledge', 100), flow('expire', 100)])).toEqual({ amountCents: 100, status: 'released' });
		expect(pledgeFromLedger([])).toEqual({ amountCents: 0, status: null });
	});

	it('bounds an intent at entry by what is left of the cap and of the target, and says how much', () => {
		const limits = { targetCents: 200_000_00, capAmountCents: 60_000_00, capShareBp: null };
		expect(intentProblem(limits, 60_000_00, 0, 0)).toBeNull();
		expect(intentProblem(limits, 70_000_00, 0, 0)).toEqual({ code: 'intent_over_member_cap', leftCents: 60_000_00 });
		expect(intentProblem(limits, 50_000_00, 20_000_00, 0)).toEqual({ code: 'intent_over_member_cap', leftCents: 40_000_00 });
		expect(intentProblem(limits, 50_000_00, 0, 170_000_00)).toEqual({ code: 'intent_over_target', leftCents: 30_000_00 });
		expect(intentProblem({ ...limits, capAmountCents: null }, 99_999_999_999_99, 0, 0)).toEqual({ code: 'intent_over_target', leftCents: 200_000_00 });
	});

	it('a refund owed stays in the account, unavailable, until it is made, in part or in full', () => {
		const paid = [flow('pledge', 100), flow('approve', 100), flow('call', 100), flow('receipt', 100)];
		const owed = [...paid, flow('owe', 100)];
		expect(totalsFrom(owed)).toMatchObject({ available: 0, owed: 100, refunded: 0, committed: 0 });
		expect(pledgeFromLedger(owed)).toEqual({ amountCents: 100, status: 'refund_owed' });
		const partly = [...owed, flow('refund_made', 40)];
		expect(totalsFrom(partly)).toMatchObject({ owed: 60, refunded: 40 });
		expect(pledgeFromLedger(partly).status).toBe('refund_owed');
		expect(pledgeFromLedger([...partly, flow('refund_made', 60)])).toEqual({ amountCents: 100, status: 'refunded' });
	});
	it('gives the running totals after each entry, equal to the totals of the ledger up to it', () => {
		const flows = [
			flow('pledge', 100_00),
			flow('approve', 100_00),
			flow('match', 50_00, true),
			flow('pledge', 30_00),
			flow('call', 150_00),
			flow('receipt', 40_00),
			flow('receipt', 60_00, true),
			flow('withdraw', 30_00),
			flow('disburse', 25_00)
		];
		const running = runningTotals(flows);
		expect(running).toHaveLength(flows.length);
		running.forEach((totals, i) => expect(totals).toEqual(totalsFrom(flows.slice(0, i + 1))));
		expect(running.at(-1)).toMatchObject({ committed: 150_00, received: 100_00, available: 75_00, disbursed: 25_00 });
		// A page of the ledger starts from what came before it.
		expect(runningTotals(flows.slice(4), flows.slice(0, 4))).toEqual(running.slice(4));
		expect(runningTotals([])).toEqual([]);
	});
});

describe('caps and target', () => {
	const limits = { targetCents: 1_000_000_00, capAmountCents: 300_000_00, capShareBp: 2_500 };

	it('the member cap is the lower of the amount and the share of the target', () => {
		expect(memberCap(limits)).toBe(250_000_00);
		expect(memberCap({ ...limits, capShareBp: null })).toBe(300_000_00);
		expect(memberCap({ ...limits, capAmountCents: null, capShareBp: 3_333 })).toBe(333_300_00);
		expect(memberCap({ ...limits, capAmountCents: null, capShareBp: null })).toBeNull();
	});

	it('an approval may reach the cap and the target to the cent, not pass them', () => {
		expect(approvalProblem(limits, 50_000_00, 200_000_00, 0)).toBeNull();
		expect(approvalProblem(limits, 50_000_01, 200_000_00, 0)).toBe('over_member_cap');
		expect(approvalProblem(limits, 100_00, 0, 999_900_00)).toBeNull();
		expect(approvalProblem(limits, 100_01, 0, 999_900_00)).toBe('over_target');
	});
});

describe('match computation', () => {
	const terms = { ratioBp: 10_000, capPerPledgeCents: 50_000_00, totalCapCents: 120_000_00 };
	it('applies the ratio, rounded down to the cent', () => {
		expect(matchAmount(terms, 30_000_00, 0, Infinity)).toBe(30_000_00);
		expect(matchAmount({ ...terms, ratioBp: 5_000 }, 333, 0, Infinity)).toBe(166);
	});
	it('stays within the cap per pledge, the total cap and the room under the target', () => {
		expect(matchAmount(terms, 80_000_00, 0, Infinity)).toBe(50_000_00);
		expect(matchAmount(terms, 40_000_00, 100_000_00, Infinity)).toBe(20_000_00);
		expect(matchAmount(terms, 40_000_00, 120_000_00, Infinity)).toBe(0);
		expect(matchAmount(terms, 40_000_00, 0, 10_000_00)).toBe(10_000_00);
		expect(matchAmount(terms, 40_000_00, 0, -5)).toBe(0);
		expect(matchAmount({ ...terms, capPerPledgeCents: null }, 80_000_00, 0, Infinity)).toBe(80_000_00);
	});
});

describe('settlement', () => {
	it('all or nothing: funded only when the threshold is reached', () => {
		expect(settle('all_or_nothing', 1000, 1000)).toBe('funded');
		expect(settle('all_or_nothing', 1000, 999)).toBe('failed');
		expect(settle('all_or_nothing', 1000, 0)).toBe('failed');
	});
	it('flexible: funded with whatever was committed, failed with nothing', () => {
		expect(settle('flexible', 1000, 1)).toBe('funded');
		expect(settle('flexible', 1000, 0)).toBe('failed');
	});
});

describe('small helpers', () => {
	it('progress share', () => {
		expect(shareBp(50, 200)).toBe(2_500);
		expect(shareBp(300, 200)).toBe(10_000);
		expect(shareBp(1, 0)).toBe(0);
	});
	it('overdue only with money still expected after the due date', () => {
		const now = new Date('2026-06-10');
		expect(isOverdue(new Date('2026-06-09'), 1, now)).toBe(true);
		expect(isOverdue(new Date('2026-06-09'), 0, now)).toBe(false);
		expect(isOverdue(new Date('2026-06-11'), 1, now)).toBe(false);
		expect(isOverdue(null, 1, now)).toBe(false);
		// Due today is not late yet, whatever the hour in France.
		expect(isOverdue(new Date('2026-11-28T12:00:00Z'), 100, new Date('2026-11-28T15:00:00Z'))).toBe(false);
		expect(isOverdue(new Date('2026-11-28T12:00:00Z'), 100, new Date('2026-11-28T22:59:00Z'))).toBe(false);
		expect(isOverdue(new Date('2026-11-28T12:00:00Z'), 100, new Date('2026-11-28T23:01:00Z'))).toBe(true);
	});
	it('CSV euros with two decimals', () => {
		expect(centsToDecimal(123456)).toBe('1234.56');
		expect(centsToDecimal(5)).toBe('0.05');
		expect(centsToDecimal(-1005)).toBe('-10.05');
		expect(centsToDecimal(0)).toBe('0.00');
	});
});
