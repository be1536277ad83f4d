import { nextCursor } from '../api/http';
import { listFunds, ledgerWithRunningTotals, type FundFilters, type ListedFund } from './queries';
import { FUND_PAGE_PLEDGES, fundPage } from './page';
import type { Totals } from '../../domain/funds';

// What the public API says of a fund: amounts in integer cents, every total derived from the ledger,
// organisations by name and id — never a person.

function totalsShape(t: Totals) {
	return {
		intentCents: t.intent,
		approvedCents: t.approved,
		calledCents: t.called,
		receivedCents: t.received,
		refundedCents: t.refunded,
		refundOwedCents: t.owed,
		releasedCents: t.released,
		withdrawnCents: t.withdrawn,
		disbursedCents: t.disbursed,
		availableCents: t.available,
		committedCents: t.committed,
		matchedCents: t.matched,
		disputedCents: t.disputed,
		lostCents: t.lost,
		deficitCents: t.deficit,
		unappliedCents: t.unapplied,
		returnedCents: t.returned
	};
}

export type ApiTotals = ReturnType<typeof totalsShape>;

function summary(fund: Omit<ListedFund, 'totals'>, totals: Totals) {
	return {
		id: fund.id,
		name: fund.name,
		kind: fund.kind,
		status: fund.status,
		rule: fund.rule,
		consortiumId: fund.consortiumId,
		consortiumName: fund.consortiumName,
		targetCents: fund.targetCents,
		thresholdCents: fund.thresholdCents,
		deadline: fund.deadline.toISOString(),
		currency: 'EUR',
		totals: totalsShape(totals)
	};
}

export async function publicFundsPage(filters: FundFilters, limit: number, offset: number) {
	const { funds, total } = await listFunds(filters, offset, limit);
	return {
		data: funds.map((f) => summary(f, f.totals)),
		nextOffset: offset + funds.length < total ? offset + funds.length : null
	};
}

/**
 * One fund, with one page of its pledges (from `offset`, as on its public page) and the organisations
 * that made them: the answer's size and its queries do not grow with the fund.
 */
export async function publicFund(id: string, offset = 0) {
	const details = await fundPage(id, { offset, limit: FUND_PAGE_PLEDGES });
	if (!details) return undefined;
	const { fund } = details;
	const shown = details.members.reduce((sum, m) => sum + m.pledges.length, 0);
	return {
		...summary({ ...fund, consortiumName: details.consortiumName }, details.totals),
		purpose: fund.purpose,
		coordinator: { organisationId: details.coordinatorOrganisationId, name: details.coordinatorName },
		memberCap: { amountCents: fund.capAmountCents, sharePercent: fund.capShareBp === null ? null : fund.capShareBp / 100, effectiveCents: details.memberCap },
		settledAt: fund.settledAt?.toISOString() ?? null,
		members: details.members.map((m) => ({ organisationId: m.organisationId, name: m.name, kind: m.kind, totals: totalsShape(m.totals) })),
		pledges: details.members.flatMap((m) =>
			m.pledges.map((p) => ({
				id: p.id,
				organisationId: p.organisationId,
				organisationName: m.name,
				status: p.status,
				amountCents: p.amountCents,
				isMatch: p.matchOfferId !== null,
				matchesPledgeId: p.matchesPledgeId,
				deliberation: p.deliberationReference ? { reference: p.deliberationReference, date: p.deliberationDate?.toISOString().slice(0, 10) ?? null } : null,
				dueDate: p.dueDate?.toISOString().slice(0, 10) ?? null,
				receivedCents: p.totals.received,
				outstandingCents: p.totals.called
			}))
		),
		pledgeCount: details.pledgeCount,
		pledgesNext: nextCursor('getFund', offset + shown < details.pledgeCount && shown > 0 ? { offset: offset + shown } : null),
		matchOffers: details.offers.map((o) => ({
			id: o.id,
			partnerOrganisationId: o.partnerOrganisationId,
			partnerName: o.partnerName,
			ratioPercent: o.ratioBp / 100,
			capPerPledgeCents: o.capPerPledgeCents,
			totalCapCents: o.totalCapCents,
			onlyIfThresholdReached: o.onlyIfThresholdReached,
			status: o.status,
			matchedCents: o.matchedCents
		})),
		disbursements: details.disbursements.map((d) => ({
			id: d.id,
			status: d.status,
			amountCents: d.amountCents,
			beneficiary: d.beneficiary,
			projectId: d.projectId,
			responseId: d.responseId,
			proposedAt: d.proposedAt.toISOString(),
			decidedAt: d.decidedAt?.toISOString() ?? null
		}))
	};
}

export async function publicLedgerPage(fundId: string, limit: number, afterSeq: number) {
	const { entries, nextSeq } = await ledgerWithRunningTotals(fundId, afterSeq, limit);
	return {
		data: entries.map((e) => ({
			seq: e.seq,
			at: e.at.toISOString(),
			kind: e.kind,
			from: e.from,
			to: e.to,
			amountCents: e.amountCents,
			isMatch: e.isMatch,
			pledgeId: e.pledgeId,
			disbursementId: e.disbursementId,
			organisationId: e.organisationId,
			organisationName: e.organisationName,
			reference: e.reference,
			runningTotals: totalsShape(e.running)
		})),
		next: nextCursor('listFundLedger', nextSeq === null ? null : { seq: nextSeq })
	};
}
