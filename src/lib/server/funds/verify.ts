import { asc, eq } from 'drizzle-orm';
import { db } from '../db';
import { fundFlows, fundMemberFlows, funds, ledgerEntries, matchOfferFlows, pledges } from '../db/schema';
import { fundTotals, totalsByOrganisation } from './ledger';
import { listFunds } from './queries';
import { publicFund, type ApiTotals } from './api';
import { buckets, entryKinds, pledgeFromLedger, totalsFrom, type Bucket, type Flow, type Totals } from '../../domain/funds';

// `npm run ledger:verify`: replays every fund's ledger entry by entry, one fund at a time, and compares what it finds with
// what the pages and the API show, and with the pledges' rows.

export interface Difference {
	fundId: string;
	fundName: string;
	what: string;
	ledger: string | number;
	shown: string | number;
}

const totalNames = [
	'intent',
	'approved',
	'called',
	'received',
	'refunded',
	'owed',
	'released',
	'withdrawn',
	'disbursed',
	'available',
	'committed',
	'matched',
	'disputed',
	'lost',
	'deficit',
	'unapplied',
	'returned'
] as const;

function compareTotals(out: Difference[], fund: { id: string; name: string }, where: string, ledger: Totals, shown: Totals | undefined) {
	for (const name of totalNames) {
		const value = shown?.[name];
		if (value !== ledger[name]) out.push({ fundId: fund.id, fundName: fund.name, what: `${where}: ${name}`, ledger: ledger[name], shown: value ?? 'missing' });
	}
}

function fromApi(t: ApiTotals): Totals {
	return {
		intent: t.intentCents,
		approved: t.approvedCents,
		called: t.calledCents,
		received: t.receivedCents,
		refunded: t.refundedCents,
		owed: t.refundOwedCents,
		released: t.releasedCents,
		withdrawn: t.withdrawnCents,
		disbursed: t.disbursedCents,
		available: t.availableCents,
		committed: t.committedCents,
		matched: t.matchedCents,
		disputed: t.disputedCents,
		lost: t.lostCents,
		deficit: t.deficitCents,
		unapplied: t.unappliedCents,
		returned: t.returnedCents
	};
}

/**
 * Checks every fund. With `apiBase` (a running platform's origin), also reads its public API over HTTP.
 * Returns every difference found; none means every figure agrees with the ledger.
 */
export async function verifyLedger(options: { apiBase?: string } = {}) {
	const differences: Difference[] = [];
	const allFunds = await db().select({ id: funds.id, name: funds.name, status: funds.status }).from(funds).orderBy(asc(funds.createdAt));
	const shownTotals = await fundTotals(
		db(),
		allFunds.map((f) => f.id)
	);
	const listed = new Map((await listFunds({ status: null, consortiumId: null }, 0, 1_000_000)).funds.map((f) => [f.id, f.totals]));

	// One pass over each fund's entries (read by the (fund, seq) index, one fund in memory at a time),
	// grouping the flows of each pledge and organisation as it goes.
	let entryCount = 0;
	for (const fund of allFunds) {
		const add = (what: string, ledger: string | number, shown: string | number) =>
			differences.push({ fundId: fund.id, fundName: fund.name, what, ledger, shown });
		const [own, pledgeRows, byOrganisation, keptFlows, keptMemberFlows, keptOfferFlows] = await Promise.all([
			db().select().from(ledgerEntries).where(eq(ledgerEntries.fundId, fund.id)).orderBy(asc(ledgerEntries.seq)),
			db().select().from(pledges).where(eq(pledges.fundId, fund.id)),
			// Each organisation's figures, as the fund page shows them.
			totalsByOrganisation(db(), fund.id),
			// The running totals the database keeps (migration 0029's triggers), row by row.
			db().select().from(fundFlows).where(eq(fundFlows.fundId, fund.id)),
			db().select().from(fundMemberFlows).where(eq(fundMemberFlows.fundId, fund.id)),
			db().select().from(matchOfferFlows).where(eq(matchOfferFlows.fundId, fund.id))
		]);
		const offerOfPledge = new Map(pledgeRows.map((p) => [p.id, p.matchOfferId]));
		// Each running-total row's expected sum, from the entries: `table key` → cents.
		const sums = new Map<string, number>();
		const addTo = (key: string, cents: number) => sums.set(key, (sums.get(key) ?? 0) + cents);
		const flowKey = (f: { fromBucket: string; toBucket: string; isMatch: boolean }) => `${f.fromBucket}→${f.toBucket}${f.isMatch ? ' (match)' : ''}`;
		entryCount += own.length;
		const push = (groups: Map<string, Flow[]>, key: string, flow: Flow) => {
			const list = groups.get(key);
			if (list) list.push(flow);
			else groups.set(key, [flow]);
		};
		const byPledge = new Map<string, Flow[]>();
		const ofOrganisation = new Map<string, Flow[]>();
		// Entry by entry: each move is the one its kind makes, and no state ever holds less than nothing.
		const balance = new Map<Bucket, number>(buckets.map((b) => [b, 0]));
		const flows: Flow[] = [];
		for (const entry of own) {
			const [from, to] = entryKinds[entry.kind];
			if (entry.fromBucket !== from || entry.toBucket !== to)
				add(`entry ${entry.seq}: ${entry.kind} moves`, `${from}→${to}`, `${entry.fromBucket}→${entry.toBucket}`);
			if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0)
				add(`entry ${entry.seq}: amount`, 'a positive number of cents', entry.amountCents);
			balance.set(entry.fromBucket, balance.get(entry.fromBucket)! - entry.amountCents);
			balance.set(entry.toBucket, balance.get(entry.toBucket)! + entry.amountCents);
			for (const [bucket, value] of balance) {
				// The deficit is the one state that holds less than nothing: it says what the fund lacks, and money
				// put back to cover it never covers more than that.
				if (bucket === 'deficit' && value > 0) add(`entry ${entry.seq}: deficit balance`, '≤ 0', value);
				if (bucket !== 'outside' && bucket !== 'deficit' && value < 0) add(`entry ${entry.seq}: ${bucket} balance`, '≥ 0', value);
			}
			const flow = { from: entry.fromBucket, to: entry.toBucket, amountCents: entry.amountCents, isMatch: entry.isMatch };
			addTo(`fund_flows ${flowKey(entry)}`, entry.amountCents);
			if (entry.pledgeId && entry.organisationId) addTo(`fund_member_flows ${entry.organisationId} ${flowKey(entry)}`, entry.amountCents);
			const offerId = entry.pledgeId ? offerOfPledge.get(entry.pledgeId) : null;
			if (offerId) addTo(`match_offer_flows ${offerId} ${flowKey(entry)}`, entry.amountCents);
			flows.push(flow);
			if (entry.pledgeId) {
				push(byPledge, entry.pledgeId, flow);
				push(ofOrganisation, entry.organisationId!, flow);
			}
		}
		// The running totals the database keeps equal the sums of the entries, row by row, none missing, none extra.
		const kept = new Map<string, number>([
			...keptFlows.map((f) => [`fund_flows ${flowKey(f)}`, f.amountCents] as const),
			...keptMemberFlows.map((f) => [`fund_member_flows ${f.organisationId} ${flowKey(f)}`, f.amountCents] as const),
			...keptOfferFlows.map((f) => [`match_offer_flows ${f.matchOfferId} ${flowKey(f)}`, f.amountCents] as const)
		]);
		for (const key of new Set([...sums.keys(), ...kept.keys()])) {
			if (sums.get(key) !== kept.get(key)) add(`running total ${key}`, sums.get(key) ?? 'no entry', kept.get(key) ?? 'missing');
		}
		const replayed = totalsFrom(flows);
		compareTotals(differences, fund, 'fund page and dashboard totals', replayed, shownTotals.get(fund.id));
		if (fund.status !== 'draft') compareTotals(differences, fund, 'funds list totals', replayed, listed.get(fund.id));
		const api = await publicFund(fund.id);
		compareTotals(differences, fund, 'API /funds/{id} totals', replayed, api ? fromApi(api.totals) : undefined);
		if (options.apiBase) {
			const response = await fetch(`${options.apiBase.replace(/\/$/, '')}/api/v1/funds/${fund.id}`);
			const body = response.ok ? ((await response.json()) as { totals: ApiTotals }) : undefined;
			compareTotals(differences, fund, `HTTP ${options.apiBase} totals`, replayed, body ? fromApi(body.totals) : undefined);
		}

		for (const [organisationId, mine] of ofOrganisation) {
			compareTotals(differences, fund, `member ${organisationId}`, totalsFrom(mine), byOrganisation.get(organisationId));
		}

		// Each pledge's row agrees with its entries.
		for (const pledge of pledgeRows) {
			const derived = pledgeFromLedger(byPledge.get(pledge.id) ?? []);
			if (derived.amountCents !== pledge.amountCents) add(`pledge ${pledge.id}: amount`, derived.amountCents, pledge.amountCents);
			if (derived.status !== pledge.status) add(`pledge ${pledge.id}: status`, derived.status ?? 'no entry', pledge.status);
		}
	}
	return { funds: allFunds.length, entries: entryCount, differences };
}
