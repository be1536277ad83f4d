// Funds, pledges, match offers and the ledger: the rules, as pure functions over integer cents.
import { parisDay } from './consortia';
//
// The ledger is a list of moves. Each entry carries a positive amount from one bucket to another;
// the state of a fund (what is promised, approved, called, in the bank, spent…) is the balance of each
// bucket. Every total the platform shows is computed from those moves, never stored.

export const fundKinds = ['investment', 'experimentation'] as const;

/** The organisations that may pledge to a fund of a consortium they belong to (startups answer calls). */
export const pledgingKinds = ['city', 'intercommunality', 'partner'] as const;
export const isPledgingKind = (kind: string): kind is (typeof pledgingKinds)[number] => (pledgingKinds as readonly string[]).includes(kind);
export type FundKind = (typeof fundKinds)[number];

export const thresholdRules = ['all_or_nothing', 'flexible'] as const;
export type ThresholdRule = (typeof thresholdRules)[number];

export const fundStatuses = ['draft', 'open', 'funded', 'failed', 'closed'] as const;
export type FundStatus = (typeof fundStatuses)[number];
/** What the public sees of funds (lists, API): every status but the draft. */
export const publicFundStatuses = fundStatuses.filter((s): s is Exclude<FundStatus, 'draft'> => s !== 'draft');

export const pledgeStatuses = ['intent', 'approved', 'called', 'paid', 'withdrawn', 'released', 'refunded', 'refund_owed'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

/** A partner's offer to match pledges: binding (active) once a signatory who did not enter it approves it. */
export const matchOfferStatuses = ['proposed', 'active', 'withdrawn'] as const;
export type MatchOfferStatus = (typeof matchOfferStatuses)[number];

export const disbursementStatuses = ['proposed', 'approved', 'rejected'] as const;
export type DisbursementStatus = (typeof disbursementStatuses)[number];

/**
 * `owed`: money still in the fund's account that is owed back to the member who paid it (a refund not yet made).
 * `disputed`: money Stripe withdrew while a payer disputes a payment; `lost`: a dispute the fund lost.
 * `deficit`: the fund's shortfall, the one bucket (with `outside`) whose balance goes below zero: money that
 * left from outside (a dispute, a refund in Stripe) after it had been spent.
 * `unapplied`: received beyond what was due (paid twice, overpaid, paid after release), to be returned;
 * `returned`: unapplied money sent back.
 */
export const buckets = [
	'outside',
	'intent',
	'approved',
	'called',
	'cash',
	'disbursed',
	'refunded',
	'released',
	'withdrawn',
	'owed',
	'disputed',
	'lost',
	'deficit',
	'unapplied',
	'returned'
] as const;
export type Bucket = (typeof buckets)[number];

/** Each kind of entry, and the move it makes. `amend` goes either way (up: outside → intent). */
export const entryKinds = {
	pledge: ['outside', 'intent'],
	amend_up: ['outside', 'intent'],
	amend_down: ['intent', 'outside'],
	withdraw: ['intent', 'withdrawn'],
	approve: ['intent', 'approved'],
	match: ['outside', 'approved'],
	call: ['approved', 'called'],
	receipt: ['called', 'cash'],
	expire: ['intent', 'released'],
	release: ['approved', 'released'],
	release_called: ['called', 'released'],
	/** A refund made at once (Stripe refunded it of its own accord, or an entry from before refunds were owed). */
	refund: ['cash', 'refunded'],
	disburse: ['cash', 'disbursed'],
	/** A refund is owed: the money stays in the account, no longer available, until someone sends it back. */
	owe: ['cash', 'owed'],
	/** A refund owed is made: sent back by the coordinator (with its bank reference) or confirmed by Stripe. */
	refund_made: ['owed', 'refunded'],
	/** Stripe withdrew a disputed payment from the account. */
	dispute_withdrawn: ['cash', 'disputed'],
	/** A dispute won (or withdrawn by the payer): Stripe gives the money back. */
	dispute_reinstated: ['disputed', 'cash'],
	/** A dispute lost: the payer's bank keeps the money. */
	dispute_lost: ['disputed', 'lost'],
	/** Money left from outside after it was spent: the shortfall is booked so cash never shows less than nothing. */
	deficit: ['deficit', 'cash'],
	/** Money that came back (a dispute won) fills the deficit first. */
	deficit_covered: ['cash', 'deficit'],
	/** The coordinator put money back into the account to cover the deficit (recorded with its bank reference). */
	deficit_made_good: ['outside', 'deficit'],
	/** Money received beyond what is due, kept apart from the fund until it is returned. */
	unapplied: ['outside', 'unapplied'],
	/** Unapplied money sent back (by the coordinator with its bank reference, or by Stripe). */
	unapplied_returned: ['unapplied', 'returned']
} as const satisfies Record<string, readonly [Bucket, Bucket]>;
export type EntryKind = keyof typeof entryKinds;

/** A sum of moves from one bucket to another (one ledger entry, or a group of them). */
export interface Flow {
	from: Bucket;
	to: Bucket;
	amountCents: number;
	/** Whether the money is a partner's matching pledge. */
	isMatch: boolean;
}

export interface Totals {
	/** Promised, waiting for a signatory's approval. */
	intent: number;
	/** Approved, not yet called. */
	approved: number;
	/** Called, not yet received. */
	called: number;
	/** Received in total, over the fund's life. */
	received: number;
	refunded: number;
	/** Refunds owed and not yet made: still in the account, no longer the fund's to spend. */
	owed: number;
	released: number;
	withdrawn: number;
	disbursed: number;
	/** In the fund's account now: received − refunded − disbursed. */
	available: number;
	/** Binding money: approved + called + received − refunded (matches included), less what disputes took and the deficit. */
	committed: number;
	/** The part of `committed` that partners' matching pledges bring. */
	matched: number;
	/** Withdrawn by Stripe while a payer disputes the payment. */
	disputed: number;
	/** Lost in disputes. */
	lost: number;
	/** What the fund lacks: money taken back from outside after it had been spent. */
	deficit: number;
	/** Received beyond what was due, not yet returned. */
	unapplied: number;
	/** Unapplied money returned. */
	returned: number;
}

export const emptyTotals = (): Totals => ({
	intent: 0,
	approved: 0,
	called: 0,
	received: 0,
	refunded: 0,
	owed: 0,
	released: 0,
	withdrawn: 0,
	disbursed: 0,
	available: 0,
	committed: 0,
	matched: 0,
	disputed: 0,
	lost: 0,
	deficit: 0,
	unapplied: 0,
	returned: 0
});

const COMMITTED: Bucket[] = ['approved', 'called', 'cash', 'disbursed', 'disputed', 'deficit'];

/** The totals of a set of flows (bucket balances). */
export function totalsFrom(flows: Iterable<Flow>): Totals {
	const balance = new Map<Bucket, number>();
	const matchBalance = new Map<Bucket, number>();
	let received = 0;
	for (const flow of flows) {
		balance.set(flow.from, (balance.get(flow.from) ?? 0) - flow.amountCents);
		balance.set(flow.to, (balance.get(flow.to) ?? 0) + flow.amountCents);
		if (flow.isMatch) {
			matchBalance.set(flow.from, (matchBalance.get(flow.from) ?? 0) - flow.amountCents);
			matchBalance.set(flow.to, (matchBalance.get(flow.to) ?? 0) + flow.amountCents);
		}
		if (flow.from === 'called' && flow.to === 'cash') received += flow.amountCents;
	}
	const of = (b: Bucket) => balance.get(b) ?? 0;
	return {
		intent: of('intent'),
		approved: of('approved'),
		called: of('called'),
		received,
		refunded: of('refunded'),
		owed: of('owed'),
		released: of('released'),
		withdrawn: of('withdrawn'),
		disbursed: of('disbursed'),
		available: of('cash'),
		committed: COMMITTED.reduce((sum, b) => sum + of(b), 0),
		matched: COMMITTED.reduce((sum, b) => sum + (matchBalance.get(b) ?? 0), 0),
		disputed: of('disputed'),
		lost: of('lost'),
		deficit: 0 - of('deficit'),
		unapplied: of('unapplied'),
		returned: of('returned')
	};
}

/**
 * The totals after each flow in turn (what a ledger read in order shows beside each entry), after the
 * flows of `before`. One pass: the flows are summed by move, so each step costs the same however long
 * the ledger is.
 */
export function runningTotals(flows: Iterable<Flow>, before: Iterable<Flow> = []): Totals[] {
	const sums = new Map<string, Flow>();
	const add = (flow: Flow) => {
		const key = `${flow.from}>${flow.to}>${flow.isMatch}`;
		const sum = sums.get(key);
		if (sum) sum.amountCents += flow.amountCents;
		else sums.set(key, { from: flow.from, to: flow.to, isMatch: flow.isMatch, amountCents: flow.amountCents });
	};
	for (const flow of before) add(flow);
	const result: Totals[] = [];
	for (const flow of flows) {
		add(flow);
		result.push(totalsFrom(sums.values()));
	}
	return result;
}

/**
 * What a pledge's own entries say about it: the amount it stands for and the state its money is in.
 * `ledger:verify` compares this with the pledge's row.
 */
export function pledgeFromLedger(flows: Flow[]): { amountCents: number; status: PledgeStatus | null } {
	if (flows.length === 0) return { amountCents: 0, status: null };
	const t = totalsFrom(flows);
	let amountCents = 0;
	for (const flow of flows) {
		// Unapplied money is not part of what the pledge stands for.
		if (flow.from === 'outside' && flow.to !== 'unapplied') amountCents += flow.amountCents;
		if (flow.to === 'outside') amountCents -= flow.amountCents;
	}
	let status: PledgeStatus;
	if (t.withdrawn > 0) status = 'withdrawn';
	else if (t.owed > 0) status = 'refund_owed';
	// A dispute lost: the payer's bank gave the money back, as a refund would.
	else if (t.refunded > 0 || t.lost > 0) status = 'refunded';
	else if (t.released > 0) status = 'released';
	else if (t.intent > 0) status = 'intent';
	else if (t.approved > 0) status = 'approved';
	else if (t.called > 0) status = 'called';
	else status = 'paid';
	return { amountCents, status };
}

// ——— The pledge state machine ———

export type PledgeAction = 'amend' | 'withdraw' | 'approve' | 'call' | 'receive' | 'release' | 'refund';

const allowed: Record<PledgeAction, PledgeStatus[]> = {
	amend: ['intent'],
	withdraw: ['intent'],
	approve: ['intent'],
	call: ['approved'],
	receive: ['called'],
	release: ['intent', 'approved', 'called'],
	refund: ['called', 'paid']
};

/** Whether a pledge in `status` may undergo `action`. */
export function canPledge(status: PledgeStatus, action: PledgeAction): boolean {
	return allowed[action].includes(status);
}

/** Whether the fund accepts new pledges, amendments and approvals. */
export const fundTakesPledges = (status: FundStatus, deadline: Date, now: Date) => status === 'open' && now < deadline;

/** Whether pledges of the fund may be called and paid (before settlement too: an all-or-nothing fund refunds them if it fails). */
export const fundTakesPayments = (status: FundStatus) => status === 'open' || status === 'funded';

// ——— Caps and target ———

export interface FundLimits {
	targetCents: number;
	capAmountCents: number | null;
	/** Share of the target in basis points (2500 = 25 %). */
	capShareBp: number | null;
}

/** The most one member may commit to the fund, or null without a cap. */
export function memberCap(limits: FundLimits): number | null {
	const caps: number[] = [];
	if (limits.capAmountCents !== null) caps.push(limits.capAmountCents);
	if (limits.capShareBp !== null) caps.push(Math.floor((limits.targetCents * limits.capShareBp) / 10_000));
	return caps.length ? Math.min(...caps) : null;
}

export type ApprovalProblem = 'over_member_cap' | 'over_target';

/**
 * Whether approving `amountCents` keeps the member under its cap and the fund under its target, given
 * what the member and the fund have already committed.
 */
export function approvalProblem(limits: FundLimits, amountCents: number, memberCommitted: number, fundCommitted: number): ApprovalProblem | null {
	const cap = memberCap(limits);
	if (cap !== null && memberCommitted + amountCents > cap) return 'over_member_cap';
	if (fundCommitted + amountCents > limits.targetCents) return 'over_target';
	return null;
}

/**
 * Whether an intent of `amountCents` fits, before anyone votes: under what is left of the member's cap
 * and of the fund's target, given what is already committed. Says how much is left when it does not.
 */
export function intentProblem(
	limits: FundLimits,
	amountCents: number,
	memberCommitted: number,
	fundCommitted: number
): { code: 'intent_over_member_cap' | 'intent_over_target'; leftCents: number } | null {
	const cap = memberCap(limits);
	const problem = approvalProblem(limits, amountCents, memberCommitted, fundCommitted);
	if (problem === 'over_member_cap')
		return { code: 'intent_over_member_cap', leftCents: Math.max(0, Math.min(cap! - memberCommitted, limits.targetCents - fundCommitted)) };
	if (problem === 'over_target') return { code: 'intent_over_target', leftCents: Math.max(0, limits.targetCents - fundCommitted) };
	return null;
}

// ——— Match funding ———

export interface MatchTerms {
	/** Euros the partner adds per euro pledged, in basis points (10000 = 1 for 1, 5000 = 50 cents per euro). */
	ratioBp: number;
	capPerPledgeCents: number | null;
	totalCapCents: number;
}

/**
 * The partner's matching amount for an approved pledge: the ratio, within the cap per pledge, what is
 * left of the offer's total cap and what is left under the fund's target. Rounded down to the cent.
 */
export function matchAmount(terms: MatchTerms, pledgeCents: number, matchedSoFar: number, roomUnderTarget: number): number {
	let amount = Math.floor((pledgeCents * terms.ratioBp) / 10_000);
	if (terms.capPerPledgeCents !== null) amount = Math.min(amount, terms.capPerPledgeCents);
	amount = Math.min(amount, terms.totalCapCents - matchedSoFar, roomUnderTarget);
	return Math.max(0, amount);
}

// ——— Settlement ———

export type Settlement = 'funded' | 'failed';

/**
 * The outcome at the deadline. All or nothing: funded only if the committed money reached the
 * threshold. Flexible: funded with whatever was committed, failed if nothing was.
 */
export function settle(rule: ThresholdRule, thresholdCents: number, committedCents: number): Settlement {
	if (rule === 'all_or_nothing') return committedCents >= thresholdCents ? 'funded' : 'failed';
	return committedCents > 0 ? 'funded' : 'failed';
}

/** A share in basis points of a whole, for progress bars (0 when the whole is 0, capped at 100 %). */
export function shareBp(part: number, whole: number): number {
	if (whole <= 0) return 0;
	return Math.min(10_000, Math.floor((part * 10_000) / whole));
}

/** A called pledge is overdue when its due day (in France) has passed and money is still expected. */
export const isOverdue = (dueDate: Date | null, outstandingCents: number, now: Date) =>
	dueDate !== null && outstandingCents > 0 && parisDay(dueDate) < parisDay(now);

/** Euros with two decimals for a CSV ("1234.50"), whatever the reader's language: spreadsheets parse it. */
export function centsToDecimal(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
