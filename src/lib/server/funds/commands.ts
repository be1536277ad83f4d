import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { db, write, type Queryable, type Tx } from '../db';
import {
	calls,
	consortia,
	consortiumMembers,
	consortiumProjects,
	disbursements,
	funds,
	ledgerEntries,
	matchOffers,
	memberships,
	organisations,
	pledges,
	projects,
	responses,
	stripeRefunds,
	type Fund,
	type MatchOffer,
	type Pledge,
	type User
} from '../db/schema';
import { audit, platformActor, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { roleIn } from '../organisations/queries';
import type { Outcome } from '../organisations/commands';
import { appendEntry, flowColumns, fundTotals, totalsByPledge, totalsOfFund } from './ledger';
import { pledgesShapedBy } from './queries';
import { subsidyIncomplete } from './subsidy-records';
import { stripeEnabled } from '../stripe/client';
import { createPledgeInvoice, type InvoiceInfo } from '../stripe/payments';
import {
	approvalProblem,
	canPledge,
	fundTakesPayments,
	fundTakesPledges,
	intentProblem,
	matchAmount,
	pledgingKinds,
	settle,
	totalsFrom,
	type Flow
} from '../../domain/funds';
import { deliberationProblem, parisDay } from '../../domain/consortia';
import { creditorReference } from '../../domain/receiving-account';
import { accountInForce } from './receiving-account';
import { disbursable, heldBack, type HeldBackRefusal } from './cash';
import type { Role } from '../../domain/roles';

const CURRENT = ['accepted', 'council_approved'] as const;

/** A refusal that carries the figure a person needs to correct the amount (what is left under a limit). */
export type LimitRefusal = { ok: false; code: 'intent_over_member_cap' | 'intent_over_target'; leftCents: number };

/** Whether an intent of `amountCents` of `organisationId` fits the member's cap and the fund's target now. */
async function intentLimit(tx: Tx, fund: Fund, organisationId: string, amountCents: number): Promise<LimitRefusal | null> {
	const problem = intentProblem(fund, amountCents, await memberCommitted(tx, fund.id, organisationId), (await totalsOfFund(tx, fund.id)).committed);
	return problem ? { ok: false, ...problem } : null;
}

/** The people of some organisations who hold one of `roles`. */
export async function peopleOf(tx: Tx, organisationIds: string[], roles: Role[]) {
	if (organisationIds.length === 0) return [];
	const rows = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(inArray(memberships.organisationId, organisationIds), inArray(memberships.role, roles)));
	return [...new Set(rows.map((r) => r.userId))];
}

/** Whether the organisation currently belongs to the consortium (accepted, or its council has voted). */
async function isCurrentMember(tx: Queryable, consortiumId: string, organisationId: string) {
	const [membership] = await tx
		.select({ id: consortiumMembers.id })
		.from(consortiumMembers)
		.where(
			and(
				eq(consortiumMembers.consortiumId, consortiumId),
				eq(consortiumMembers.organisationId, organisationId),
				inArray(consortiumMembers.status, [...CURRENT])
			)
		);
	return Boolean(membership);
}

async function loadFund(tx: Queryable, fundId: string) {
	const [row] = await tx
		.select({ fund: funds, consortium: consortia })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(funds.id, fundId));
	return row;
}

/** The fund if `user` is an admin or a signatory of the consortium's coordinating organisation. */
export async function asCoordinator(tx: Queryable, user: User, fundId: string) {
	const row = await loadFund(tx, fundId);
	if (!row) return { refusal: 'not_found' as const };
	const role = await roleIn(tx, row.consortium.coordinatorOrganisationId, user.id);
	if (role !== 'admin' && role !== 'signatory') return { refusal: 'coordinators_only' as const };
	return { ...row, role, actor: { userId: user.id, organisationId: row.consortium.coordinatorOrganisationId } as Actor };
}

export async function loadPledge(tx: Tx, pledgeId: string) {
	const [row] = await tx
		.select({ pledge: pledges, fund: funds, consortium: consortia, organisationName: organisations.name })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(eq(pledges.id, pledgeId));
	return row;
}

/** The structured reference a payer quotes: RF, its key, and 16 characters of the pledge's id (unique, stable). */
export const paymentReferenceOf = (pledgeId: string) => creditorReference(pledgeId.slice(0, 16));

const fundLink = (fundId: string) => `/funds/${fundId}`;
const dashboardLink = (fundId: string) => `/funds/${fundId}/dashboard`;

// ——— Funds ———

export interface FundInput {
	kind: Fund['kind'];
	name: string;
	purpose: string;
	targetCents: number;
	thresholdCents: number | null;
	rule: Fund['rule'];
	deadline: Date;
	capAmountCents: number | null;
	capSharePercent: number | null;
}

/** The coordinator of an active consortium opens a fund. */
export async function openFund(user: User, consortiumId: string, input: FundInput, now = new Date()): Promise<Outcome<{ id: string }>> {
	return write(async (tx) => {
		const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
		if (!consortium) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, consortium.coordinatorOrganisationId, user.id);
		if (role !== 'admin' && role !== 'signatory') return { ok: false, code: 'coordinators_only' };
		if (consortium.status !== 'active') return { ok: false, code: 'consortium_not_active' };
		if (input.deadline.getTime() <= now.getTime()) return { ok: false, code: 'deadline_past' };
		const threshold = input.thresholdCents ?? input.targetCents;
		if (input.targetCents <= 0 || threshold <= 0) return { ok: false, code: 'amount_not_positive' };
		if (threshold > input.targetCents) return { ok: false, code: 'threshold_over_target' };
		const id = newId();
		await tx.insert(funds).values({
			id,
			consortiumId,
			kind: input.kind,
			name: input.name,
			purpose: input.purpose,
			targetCents: input.targetCents,
			thresholdCents: threshold,
			rule: input.rule,
			deadline: input.deadline,
			capAmountCents: input.capAmountCents,
			capShareBp: input.capSharePercent === null ? null : Math.round(input.capSharePercent * 100),
			status: 'open',
			createdBy: user.id,
			createdAt: now,
			updatedAt: now
		});
		const actor = { userId: user.id, organisationId: consortium.coordinatorOrganisationId };
		await audit(tx, actor, 'fund.opened', { type: 'fund', id }, { name: input.name, consortiumId, targetCents: input.targetCents });
		await audit(tx, actor, 'consortium.fund_opened', { type: 'consortium', id: consortiumId }, { fundId: id, name: input.name });
		const members = await tx
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), inArray(consortiumMembers.status, [...CURRENT])));
		await notify(
			tx,
			await peopleOf(
				tx,
				members.map((m) => m.organisationId!),
				['admin', 'signatory']
			),
			{
				type: 'fund.opened',
				params: { fund: input.name, consortium: consortium.name },
				link: fundLink(id)
			}
		);
		return { ok: true, id };
	});
}

// ——— Pledges ———

/** A member of a consortium member organisation enters a pledge: an intent, not yet binding. */
export async function enterPledge(
	user: User,
	organisationId: string,
	fundId: string,
	amountCents: number,
	note = '',
	now = new Date()
): Promise<Outcome<{ id: string }> | LimitRefusal> {
	return write(async (tx) => {
		const row = await loadFund(tx, fundId);
		if (!row) return { ok: false, code: 'not_found' };
		if (!(await roleIn(tx, organisationId, user.id))) return { ok: false, code: 'forbidden' };
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!pledgingKinds.includes(organisation.kind)) return { ok: false, code: 'not_a_member' };
		if (organisation.verificationStatus !== 'verified') return { ok: false, code: 'organisation_unverified' };
		if (!(await isCurrentMember(tx, row.fund.consortiumId, organisationId))) return { ok: false, code: 'not_a_member' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		// One open intent per organisation and fund: a second one is an amendment of the first.
		const [open] = await tx
			.select({ id: pledges.id })
			.from(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, organisationId), eq(pledges.status, 'intent'), sql`${pledges.matchOfferId} is null`))
			.limit(1);
		if (open) return { ok: false, code: 'intent_exists' };
		// Bounded before anyone votes: a council learns the figure it may vote now, not at approval.
		const limit = await intentLimit(tx, row.fund, organisationId, amountCents);
		if (limit) return limit;
		const id = newId();
		await tx.insert(pledges).values({
			id,
			fundId,
			organisationId,
			amountCents,
			status: 'intent',
			note: note.trim(),
			enteredBy: user.id,
			enteredAt: now,
			updatedAt: now
		});
		await appendEntry(tx, { fundId, kind: 'pledge', amountCents, pledgeId: id, organisationId, actorUserId: user.id, at: now });
		await audit(tx, { userId: user.id, organisationId }, 'pledge.entered', { type: 'pledge', id }, { fundId, amountCents });
		const signatories = (await peopleOf(tx, [organisationId], ['signatory'])).filter((id) => id !== user.id);
		await notify(tx, signatories, {
			type: 'fund.pledge_to_approve',
			params: { fund: row.fund.name, organisation: organisation.name },
			link: '/pledges'
		});
		return { ok: true, id };
	});
}

/** An intent's amount changes (kept in the ledger as a correction entry, up or down). */
export async function amendPledge(user: User, pledgeId: string, amountCents: number, now = new Date()): Promise<Outcome | LimitRefusal> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row || row.pledge.matchOfferId) return { ok: false, code: 'not_found' };
		if (!(await roleIn(tx, row.pledge.organisationId, user.id))) return { ok: false, code: 'forbidden' };
		if (!canPledge(row.pledge.status, 'amend')) return { ok: false, code: 'invalid_transition' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!(await isCurrentMember(tx, row.fund.consortiumId, row.pledge.organisationId))) return { ok: false, code: 'not_a_member' };
		if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		const delta = amountCents - row.pledge.amountCents;
		if (delta === 0) return { ok: true };
		if (delta > 0) {
			const limit = await intentLimit(tx, row.fund, row.pledge.organisationId, amountCents);
			if (limit) return limit;
		}
		await tx.update(pledges).set({ amountCents, updatedAt: now }).where(eq(pledges.id, pledgeId));
		await appendEntry(tx, {
			fundId: row.fund.id,
			kind: delta > 0 ? 'amend_up' : 'amend_down',
			amountCents: Math.abs(delta),
			pledgeId,
			organisationId: row.pledge.organisationId,
			actorUserId: user.id,
			at: now
		});
		await audit(
			tx,
			{ userId: user.id, organisationId: row.pledge.organisationId },
			'pledge.amended',
			{ type: 'pledge', id: pledgeId },
			{
				fundId: row.fund.id,
				fromCents: row.pledge.amountCents,
				toCents: amountCents
			}
		);
		return { ok: true };
	});
}

/** An intent is withdrawn by a member of its organisation. */
export async function withdrawPledge(user: User, pledgeId: string, now = new Date()): Promise<Outcome> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row || row.pledge.matchOfferId) return { ok: false, code: 'not_found' };
		if (!(await roleIn(tx, row.pledge.organisationId, user.id))) return { ok: false, code: 'forbidden' };
		if (!canPledge(row.pledge.status, 'withdraw')) return { ok: false, code: 'invalid_transition' };
		// After the deadline an intent lapses at settlement; it is no longer withdrawn.
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		await tx.update(pledges).set({ status: 'withdrawn', updatedAt: now }).where(eq(pledges.id, pledgeId));
		await appendEntry(tx, {
			fundId: row.fund.id,
			kind: 'withdraw',
			amountCents: row.pledge.amountCents,
			pledgeId,
			organisationId: row.pledge.organisationId,
			actorUserId: user.id,
			at: now
		});
		await audit(
			tx,
			{ userId: user.id, organisationId: row.pledge.organisationId },
			'pledge.withdrawn',
			{ type: 'pledge', id: pledgeId },
			{
				fundId: row.fund.id,
				amountCents: row.pledge.amountCents
			}
		);
		return { ok: true };
	});
}

/** What one organisation has committed to a fund with its own pledges (matches excluded). */
async function memberCommitted(tx: Tx, fundId: string, organisationId: string) {
	const flows: Flow[] = await tx
		.select(flowColumns)
		.from(ledgerEntries)
		.where(
			and(
				eq(ledgerEntries.fundId, fundId),
				eq(ledgerEntries.organisationId, organisationId),
				eq(ledgerEntries.isMatch, false),
				sql`${ledgerEntries.pledgeId} is not null`
			)
		)
		.groupBy(ledgerEntries.fromBucket, ledgerEntries.toBucket, ledgerEntries.isMatch);
	return totalsFrom(flows).committed;
}

/**
 * The partner's matching pledge for an approved pledge, within the offer's caps and the fund's target.
 * Returns the amount matched (0 when nothing is left to match).
 */
export async function makeMatch(tx: Tx, fund: Fund, offer: MatchOffer, pledge: Pledge, actorUserId: string | null, now: Date) {
	const [{ matched }] = await tx
		.select({ matched: sql<number>`coalesce(sum(${pledges.amountCents}), 0)`.mapWith(Number) })
		.from(pledges)
		.where(and(eq(pledges.matchOfferId, offer.id), inArray(pledges.status, ['approved', 'called', 'paid'])));
	const committed = (await totalsOfFund(tx, fund.id)).committed;
	const amount = matchAmount(offer, pledge.amountCents, matched, fund.targetCents - committed);
	if (amount <= 0) return 0;
	const [matchedOrganisation] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, pledge.organisationId));
	const id = newId();
	await tx.insert(pledges).values({
		id,
		fundId: fund.id,
		organisationId: offer.partnerOrganisationId,
		amountCents: amount,
		status: 'approved',
		matchOfferId: offer.id,
		matchesPledgeId: pledge.id,
		enteredBy: null,
		enteredAt: now,
		// Approved as the offer was: by the partner's second signatory, with its decision.
		approvedBy: offer.approvedBy,
		approvedAt: now,
		deliberationReference: offer.decisionReference,
		deliberationDate: offer.decisionDate,
		updatedAt: now
	});
	await appendEntry(tx, {
		fundId: fund.id,
		kind: 'match',
		amountCents: amount,
		pledgeId: id,
		isMatch: true,
		organisationId: offer.partnerOrganisationId,
		reference: matchedOrganisation?.name ?? '',
		actorUserId,
		at: now
	});
	await audit(
		tx,
		platformActor,
		'pledge.matched',
		{ type: 'pledge', id },
		{ fundId: fund.id, offerId: offer.id, matchesPledgeId: pledge.id, amountCents: amount }
	);
	return amount;
}

/** Member pledges that count as approved money, oldest first: what an offer tops up. */
export async function approvedMemberPledges(tx: Tx, fundId: string) {
	return tx
		.select()
		.from(pledges)
		.where(and(eq(pledges.fundId, fundId), sql`${pledges.matchOfferId} is null`, inArray(pledges.status, ['approved', 'called', 'paid'])))
		.orderBy(asc(pledges.approvedAt), asc(pledges.id));
}

export interface Approval {
	reference: string;
	date: Date;
}

/**
 * Who may approve a pledge at all: a current signatory of the pledging organisation. The page asks it
 * before sending anyone to the second-factor step (a non-signatory is refused, not asked for a code);
 * the command asks it again inside its transaction.
 */
export async function pledgeApprovalRefusal(q: Queryable, userId: string, pledgeId: string): Promise<'not_found' | 'signatories_only' | null> {
	const [row] = await q.select({ organisationId: pledges.organisationId, matchOfferId: pledges.matchOfferId }).from(pledges).where(eq(pledges.id, pledgeId));
	if (!row || row.matchOfferId) return 'not_found';
	return (await roleIn(q, row.organisationId, userId)) === 'signatory' ? null : 'signatories_only';
}

/**
 * A signatory of the pledging organisation, who neither entered nor amended the pledge, approves it
 * with the council's délibération. The member's cap and the fund's target hold; the fund's
 * unconditional match offers top it up at once.
 */
export async function approvePledge(user: SessionUser, pledgeId: string, approval: Approval, now = new Date()): Promise<Outcome<{ matchedCents: number }>> {
	return write(async (tx) => {
		const notAllowed = await pledgeApprovalRefusal(tx, user.id, pledgeId);
		if (notAllowed) return { ok: false, code: notAllowed };
		// Public money moves on a second factor passed in this session (auth/second-factor.ts).
		if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		if ((await pledgesShapedBy(user.id, [pledgeId], tx)).has(pledgeId)) return { ok: false, code: 'own_pledge' };
		if (!canPledge(row.pledge.status, 'approve')) return { ok: false, code: 'invalid_transition' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!(await isCurrentMember(tx, row.fund.consortiumId, row.pledge.organisationId))) return { ok: false, code: 'not_a_member' };
		const problem = deliberationProblem(approval.reference, approval.date, now);
		if (problem) return { ok: false, code: `deliberation_${problem}` };
		const fundCommitted = (await totalsOfFund(tx, row.fund.id)).committed;
		const limitProblem = approvalProblem(row.fund, row.pledge.amountCents, await memberCommitted(tx, row.fund.id, row.pledge.organisationId), fundCommitted);
		if (limitProblem) return { ok: false, code: limitProblem };
		const reference = approval.reference.trim();
		await tx
			.update(pledges)
			.set({ status: 'approved', approvedBy: user.id, approvedAt: now, deliberationReference: reference, deliberationDate: approval.date, updatedAt: now })
			.where(eq(pledges.id, pledgeId));
		await appendEntry(tx, {
			fundId: row.fund.id,
			kind: 'approve',
			amountCents: row.pledge.amountCents,
			pledgeId,
			organisationId: row.pledge.organisationId,
			reference,
			actorUserId: user.id,
			at: now
		});
		await audit(
			tx,
			{ userId: user.id, organisationId: row.pledge.organisationId },
			'pledge.approved',
			{ type: 'pledge', id: pledgeId },
			{
				fundId: row.fund.id,
				amountCents: row.pledge.amountCents,
				deliberation: reference
			}
		);
		let matchedCents = 0;
		const offers = await tx
			.select()
			.from(matchOffers)
			.where(and(eq(matchOffers.fundId, row.fund.id), eq(matchOffers.status, 'active'), eq(matchOffers.onlyIfThresholdReached, false)))
			.orderBy(asc(matchOffers.createdAt));
		const approved = { ...row.pledge, status: 'approved' as const };
		for (const offer of offers) matchedCents += await makeMatch(tx, row.fund, offer, approved, null, now);
		await notify(tx, await peopleOf(tx, [row.consortium.coordinatorOrganisationId], ['admin', 'signatory']), {
			type: 'fund.pledge_approved',
			params: { fund: row.fund.name, organisation: row.organisationName },
			link: dashboardLink(row.fund.id)
		});
		return { ok: true, matchedCents };
	});
}

// ——— Match offers ———

export interface MatchOfferInput {
	ratioPercent: number;
	capPerPledgeCents: number | null;
	totalCapCents: number;
	onlyIfThresholdReached: boolean;
}

/**
 * A signatory or admin of a verified partner proposes match funding. Like a city's pledge, it binds
 * only once a signatory of the partner who did not enter it approves it with the partner's decision
 * (approveMatchOffer, in offers.ts): then an unconditional offer tops up the pledges already approved,
 * and a conditional one waits for the fund to reach its threshold.
 */
export async function offerMatch(
	user: User,
	partnerOrganisationId: string,
	fundId: string,
	input: MatchOfferInput,
	now = new Date()
): Promise<Outcome<{ id: string; matchedCents: number }>> {
	return write(async (tx) => {
		const row = await loadFund(tx, fundId);
		if (!row) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, partnerOrganisationId, user.id);
		if (role !== 'signatory' && role !== 'admin') return { ok: false, code: 'forbidden' };
		const [partner] = await tx.select().from(organisations).where(eq(organisations.id, partnerOrganisationId));
		if (partner.kind !== 'partner') return { ok: false, code: 'partners_only' };
		if (partner.verificationStatus !== 'verified') return { ok: false, code: 'organisation_unverified' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (input.ratioPercent <= 0 || input.totalCapCents <= 0 || (input.capPerPledgeCents !== null && input.capPerPledgeCents <= 0)) {
			return { ok: false, code: 'amount_not_positive' };
		}
		const id = newId();
		const offer: MatchOffer = {
			id,
			fundId,
			partnerOrganisationId,
			ratioBp: Math.round(input.ratioPercent * 100),
			capPerPledgeCents: input.capPerPledgeCents,
			totalCapCents: input.totalCapCents,
			onlyIfThresholdReached: input.onlyIfThresholdReached,
			status: 'proposed',
			createdBy: user.id,
			createdAt: now,
			decisionReference: null,
			decisionDate: null,
			approvedBy: null,
			approvedAt: null
		};
		await tx.insert(matchOffers).values(offer);
		await audit(
			tx,
			{ userId: user.id, organisationId: partnerOrganisationId },
			'fund.match_offered',
			{ type: 'fund', id: fundId },
			{
				offerId: id,
				partner: partner.name,
				ratioBp: offer.ratioBp,
				totalCapCents: offer.totalCapCents,
				onlyIfThresholdReached: offer.onlyIfThresholdReached
			}
		);
		// Nothing binds yet: the partner's other signatories are asked to approve it.
		await notify(
			tx,
			(await peopleOf(tx, [partnerOrganisationId], ['signatory'])).filter((id) => id !== user.id),
			{
				type: 'fund.match_to_approve',
				params: { fund: row.fund.name, organisation: partner.name },
				link: fundLink(fundId)
			}
		);
		return { ok: true, id, matchedCents: 0 };
	});
}

// ——— Calls and receipts ———

/** Checks a call of `pledgeIds` by `user`: the coordinator, pledges approved, the fund taking payments. */
async function checkCall(tx: Queryable, user: User, fundId: string, pledgeIds: string[], dueDate: Date, now: Date) {
	const coordinator = await asCoordinator(tx, user, fundId);
	if (coordinator.refusal) return { ok: false as const, code: coordinator.refusal };
	if (!fundTakesPayments(coordinator.fund.status)) return { ok: false as const, code: 'fund_not_open' };
	if (parisDay(dueDate) < parisDay(now)) return { ok: false as const, code: 'due_date_past' };
	if (pledgeIds.length === 0) return { ok: false as const, code: 'nothing_selected' };
	// Members must be told where to pay: no call before a second person has approved the account.
	if (!(await accountInForce(coordinator.consortium.coordinatorOrganisationId, tx))) return { ok: false as const, code: 'receiving_account_missing' };
	const rows = await tx
		.select({ pledge: pledges, organisation: organisations })
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(and(eq(pledges.fundId, fundId), inArray(pledges.id, pledgeIds)));
	if (rows.length !== new Set(pledgeIds).size) return { ok: false as const, code: 'not_found' };
	if (rows.some((r) => !canPledge(r.pledge.status, 'call'))) return { ok: false as const, code: 'invalid_transition' };
	return { ok: true as const, coordinator, rows };
}

/**
 * The coordinator calls approved pledges: payment is requested by `dueDate`. With Stripe, each pledge
 * first gets its invoice (due in 30 days, payable by bank transfer), made before the transaction with
 * idempotency keys: a retry after a failure finds the same invoices instead of making new ones.
 */
export async function callPledges(
	user: User,
	fundId: string,
	pledgeIds: string[],
	dueDate: Date,
	now = new Date(),
	options: { viaStripe?: boolean } = {}
): Promise<Outcome<{ called: number }>> {
	const invoices = new Map<string, InvoiceInfo>();
	if (options.viaStripe ?? stripeEnabled()) {
		const check = await checkCall(db(), user, fundId, pledgeIds, dueDate, now);
		if (!check.ok) return check;
		try {
			for (const { pledge, organisation } of check.rows) {
				invoices.set(
					pledge.id,
					await createPledgeInvoice(
						{
							pledgeId: pledge.id,
							fundId,
							fundName: check.coordinator.fund.name,
							amountCents: pledge.amountCents,
							deliberation: pledge.deliberationReference,
							organisation
						},
						now
					)
				);
			}
		} catch (error) {
			console.error('stripe: creating an invoice failed', error);
			if (invoices.size === 0) return { ok: false, code: 'stripe_unavailable' };
			// Those already invoiced are called below; the others stay approved and can be called again.
			pledgeIds = [...invoices.keys()];
		}
	}
	const outcome = await write(async (tx) => {
		// A concurrent call (another tab, a retry) already called some of these pledges with the very
		// invoice the idempotency keys gave us both: that call is this one, done. Never void it.
		const held = invoices.size
			? await tx
					.select({ id: pledges.id, invoiceId: pledges.stripeInvoiceId, status: pledges.status })
					.from(pledges)
					.where(inArray(pledges.id, [...invoices.keys()]))
			: [];
		const alreadyCalled = new Set(held.filter((p) => p.status !== 'approved' && p.invoiceId === invoices.get(p.id)?.id).map((p) => p.id));
		const toCall = pledgeIds.filter((id) => !alreadyCalled.has(id));
		if (toCall.length === 0 && alreadyCalled.size > 0) return { ok: true as const, called: 0 };
		const check = await checkCall(tx, user, fundId, toCall, dueDate, now);
		if (!check.ok) {
			// Invoices were sent for a call that did not happen (the fund settled meanwhile…): void them,
			// except those a pledge holds (its call happened).
			for (const [pledgeId, invoice] of invoices) {
				if (alreadyCalled.has(pledgeId) || held.some((p) => p.invoiceId === invoice.id)) continue;
				await tx
					.insert(stripeRefunds)
					.values({ id: newId(), pledgeId, kind: 'void', amountCents: 0, nextAttemptAt: now, createdAt: now, stripeObjectId: invoice.id });
			}
			return check;
		}
		const { coordinator, rows } = check;
		for (const { pledge } of rows) {
			const invoice = invoices.get(pledge.id);
			const due = invoice?.dueDate ?? dueDate;
			await tx
				.update(pledges)
				.set({
					status: 'called',
					calledBy: user.id,
					calledAt: now,
					dueDate: due,
					// Given once: a pledge called again (after a refused invoice…) keeps the reference its payer has.
					paymentReference: pledge.paymentReference ?? paymentReferenceOf(pledge.id),
					updatedAt: now,
					...(invoice
						? { stripeInvoiceId: invoice.id, stripeInvoiceUrl: invoice.url, stripeInvoicePdf: invoice.pdf, stripeStatus: invoice.status, stripePaidCents: 0 }
						: {})
				})
				.where(eq(pledges.id, pledge.id));
			await appendEntry(tx, {
				fundId,
				kind: 'call',
				amountCents: pledge.amountCents,
				pledgeId: pledge.id,
				isMatch: pledge.matchOfferId !== null,
				organisationId: pledge.organisationId,
				reference: invoice ? `${invoice.id} — ${due.toISOString().slice(0, 10)}` : due.toISOString().slice(0, 10),
				actorUserId: user.id,
				at: now
			});
			await audit(
				tx,
				coordinator.actor,
				'pledge.called',
				{ type: 'pledge', id: pledge.id },
				{
					fundId,
					amountCents: pledge.amountCents,
					due: due.toISOString().slice(0, 10),
					invoice: invoice?.id ?? null
				}
			);
		}
		const organisationIds = [...new Set(rows.map((r) => r.pledge.organisationId))];
		await notify(tx, await peopleOf(tx, organisationIds, ['admin', 'signatory']), {
			type: 'fund.pledge_called',
			params: { fund: coordinator.fund.name, date: (invoices.values().next().value?.dueDate ?? dueDate).toISOString() },
			link: '/pledges'
		});
		return { ok: true as const, called: rows.length };
	});
	return outcome;
}

export interface Receipt {
	amountCents: number;
	bankReference: string;
	receivedOn: Date;
}

/** The coordinator records money received for a called pledge; fully received, the pledge is paid. */
export async function recordReceipt(user: User, pledgeId: string, receipt: Receipt, now = new Date()): Promise<Outcome<{ paid: boolean }>> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await asCoordinator(tx, user, row.fund.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		// Money for a Stripe invoice arrives through Stripe: recording it by hand as well would count it twice.
		if (row.pledge.stripeInvoiceId || row.pledge.stripeCheckoutSessionId) return { ok: false, code: 'paid_through_stripe' };
		// One bank transfer is recorded once: a second submission of the same form changes nothing.
		const [recorded] = await tx
			.select({ seq: ledgerEntries.seq })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.pledgeId, pledgeId), eq(ledgerEntries.kind, 'receipt'), eq(ledgerEntries.reference, receipt.bankReference.trim())))
			.limit(1);
		if (recorded) return { ok: false, code: 'duplicate_receipt' };
		return receive(tx, row.pledge, coordinator.actor, receipt, now);
	});
}

/**
 * Money received for a pledge, in the caller's transaction: by hand (the coordinator) or from a payment
 * provider (Stripe). Refuses more than what is still expected.
 */
export async function receive(tx: Tx, pledge: Pledge, actor: Actor, receipt: Receipt, now = new Date()): Promise<Outcome<{ paid: boolean }>> {
	if (!canPledge(pledge.status, 'receive')) return { ok: false, code: 'invalid_transition' };
	if (receipt.receivedOn.toISOString().slice(0, 10) > parisDay(now)) return { ok: false, code: 'received_in_future' };
	if (!Number.isSafeInteger(receipt.amountCents) || receipt.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
	const outstanding = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.called;
	if (receipt.amountCents > outstanding) return { ok: false, code: 'over_outstanding' };
	const reference = receipt.bankReference.trim();
	await appendEntry(tx, {
		fundId: pledge.fundId,
		kind: 'receipt',
		amountCents: receipt.amountCents,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference,
		actorUserId: actor.userId,
		at: now
	});
	const paid = receipt.amountCents === outstanding;
	if (paid) await tx.update(pledges).set({ status: 'paid', updatedAt: now }).where(eq(pledges.id, pledge.id));
	await audit(
		tx,
		actor,
		'pledge.payment_received',
		{ type: 'pledge', id: pledge.id },
		{
			fundId: pledge.fundId,
			amountCents: receipt.amountCents,
			bankReference: reference,
			receivedOn: receipt.receivedOn.toISOString().slice(0, 10),
			paid
		}
	);
	const [fund] = await tx.select({ name: funds.name }).from(funds).where(eq(funds.id, pledge.fundId));
	await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
		type: paid ? 'fund.pledge_paid' : 'fund.payment_received',
		params: { fund: fund.name },
		link: '/pledges'
	});
	return { ok: true, paid };
}

// ——— Settlement ———

/** Asks the Stripe worker to void a pledge's invoice (written in the caller's transaction). */
export async function queueVoid(tx: Tx, pledgeId: string, now = new Date()) {
	await tx.insert(stripeRefunds).values({ id: newId(), pledgeId, kind: 'void', amountCents: 0, nextAttemptAt: now, createdAt: now });
}

/**
 * Releases one pledge of a failed fund; what was received of it becomes a refund owed. Without Stripe
 * the coordinator sends it back and records it (recordRefundMade); with Stripe the worker asks Stripe,
 * and the refund is booked as made when Stripe confirms it.
 */
async function unwind(tx: Tx, pledge: Pledge, fundName: string, now: Date) {
	const totals = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!;
	const base = {
		fundId: pledge.fundId,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		actorUserId: null,
		at: now
	};
	if (totals.intent > 0) await appendEntry(tx, { ...base, kind: 'expire', amountCents: totals.intent });
	if (totals.approved > 0) await appendEntry(tx, { ...base, kind: 'release', amountCents: totals.approved });
	if (totals.called > 0) await appendEntry(tx, { ...base, kind: 'release_called', amountCents: totals.called });
	if (totals.available > 0) {
		await appendEntry(tx, { ...base, kind: 'owe', amountCents: totals.available, reference: pledge.stripeInvoiceId ?? pledge.stripePaymentIntentId ?? '' });
		// Money that came through Stripe goes back through Stripe: a refund the worker carries out.
		if (pledge.stripeInvoiceId || pledge.stripePaymentIntentId) {
			await tx.insert(stripeRefunds).values({ id: newId(), pledgeId: pledge.id, amountCents: totals.available, nextAttemptAt: now, createdAt: now });
		}
		await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
			type: 'fund.refund_owed',
			params: { fund: fundName, amountCents: String(totals.available) },
			link: '/pledges'
		});
	}
	// An invoice still open must not be paid any more: the worker voids it in Stripe.
	if (pledge.stripeInvoiceId && totals.called > 0) await queueVoid(tx, pledge.id, now);
	const status = totals.available > 0 ? 'refund_owed' : 'released';
	await tx.update(pledges).set({ status, updatedAt: now }).where(eq(pledges.id, pledge.id));
	await audit(tx, platformActor, `pledge.${status}`, { type: 'pledge', id: pledge.id }, { fundId: pledge.fundId, refundOwedCents: totals.available });
}

/**
 * Settles one fund whose deadline has passed, in the caller's transaction. Does nothing unless the fund
 * is still open: running it twice, or after a restart, settles it once.
 */
async function settleFund(tx: Tx, fundId: string, now: Date) {
	const row = await loadFund(tx, fundId);
	if (!row || row.fund.status !== 'open' || row.fund.deadline.getTime() > now.getTime()) return null;
	const { fund, consortium } = row;
	const committed = (await totalsOfFund(tx, fundId)).committed;
	const outcome = settle(fund.rule, fund.thresholdCents, committed);
	const live = await tx
		.select()
		.from(pledges)
		.where(and(eq(pledges.fundId, fundId), inArray(pledges.status, ['intent', 'approved', 'called', 'paid'])))
		.orderBy(asc(pledges.enteredAt), asc(pledges.id));
	if (outcome === 'funded') {
		// Intents nobody approved in time are not binding: they lapse.
		for (const pledge of live.filter((p) => p.status === 'intent')) await unwind(tx, pledge, fund.name, now);
		if (committed >= fund.thresholdCents) {
			const conditional = await tx
				.select()
				.from(matchOffers)
				.where(and(eq(matchOffers.fundId, fundId), eq(matchOffers.status, 'active'), eq(matchOffers.onlyIfThresholdReached, true)))
				.orderBy(asc(matchOffers.createdAt));
			const approved = await approvedMemberPledges(tx, fundId);
			for (const offer of conditional) for (const pledge of approved) await makeMatch(tx, fund, offer, pledge, null, now);
		}
	} else {
		for (const pledge of live) await unwind(tx, pledge, fund.name, now);
	}
	await tx.update(funds).set({ status: outcome, settledAt: now, updatedAt: now }).where(eq(funds.id, fundId));
	await audit(tx, platformActor, `fund.${outcome}`, { type: 'fund', id: fundId }, { committedCents: committed, thresholdCents: fund.thresholdCents });
	const organisationIds = [...new Set([...live.map((p) => p.organisationId), consortium.coordinatorOrganisationId])];
	await notify(tx, await peopleOf(tx, organisationIds, ['admin', 'signatory']), {
		type: outcome === 'funded' ? 'fund.funded' : 'fund.failed',
		params: { fund: fund.name },
		link: fundLink(fundId)
	});
	return outcome;
}

/** The settlement job: every open fund whose deadline has passed, each in its own transaction. */
export async function settleDueFunds(now = new Date()) {
	// Reading which funds are due needs no lock; each settlement re-checks inside its transaction.
	const due = await db()
		.select({ id: funds.id })
		.from(funds)
		.where(and(eq(funds.status, 'open'), lte(funds.deadline, now)));
	const settled: Record<string, string> = {};
	for (const { id } of due) {
		const outcome = await write((tx) => settleFund(tx, id, now));
		if (outcome) settled[id] = outcome;
	}
	return settled;
}

// ——— Disbursements ———

export interface DisbursementInput {
	projectId: string | null;
	responseId: string | null;
	amountCents: number;
	description: string;
}

/** Whether the beneficiary fits the fund: a project linked to the consortium, or a selected response to its call. */
async function beneficiaryName(tx: Tx, fund: Fund, input: DisbursementInput) {
	if (fund.kind === 'investment' && input.projectId && !input.responseId) {
		const [project] = await tx
			.select({ title: projects.title })
			.from(consortiumProjects)
			.innerJoin(projects, eq(projects.id, consortiumProjects.projectId))
			.where(and(eq(consortiumProjects.consortiumId, fund.consortiumId), eq(consortiumProjects.projectId, input.projectId)));
		return project?.title ?? null;
	}
	if (fund.kind === 'experimentation' && input.responseId && !input.projectId) {
		const [response] = await tx
			.select({ organisation: organisations.name, call: calls.title })
			.from(responses)
			.innerJoin(calls, eq(calls.id, responses.callId))
			.innerJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.where(and(eq(responses.id, input.responseId), eq(responses.status, 'selected'), eq(calls.consortiumId, fund.consortiumId)));
		return response ? `${response.organisation} — ${response.call}` : null;
	}
	return null;
}

/** A signatory of the coordinating organisation proposes money leaving a funded fund; nothing moves until a second signatory approves. */
export async function proposeDisbursement(
	user: User,
	fundId: string,
	input: DisbursementInput,
	now = new Date()
): Promise<Outcome<{ id: string }> | HeldBackRefusal> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		// Two signatories of the coordinating organisation: the one who proposes, and another who approves.
		if (coordinator.role !== 'signatory') return { ok: false, code: 'signatories_only' };
		if (coordinator.fund.status !== 'funded') return { ok: false, code: 'fund_not_funded' };
		if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		const name = await beneficiaryName(tx, coordinator.fund, input);
		if (!name) return { ok: false, code: 'invalid_beneficiary' };
		const cash = await disbursable(tx, fundId);
		if (input.amountCents > cash.available) return { ok: false, code: 'over_available' };
		if (input.amountCents > cash.disbursable) return heldBack(cash);
		const id = newId();
		await tx.insert(disbursements).values({
			id,
			fundId,
			projectId: input.projectId,
			responseId: input.responseId,
			amountCents: input.amountCents,
			description: input.description.trim(),
			proposedBy: user.id,
			proposedAt: now
		});
		await audit(
			tx,
			coordinator.actor,
			'disbursement.proposed',
			{ type: 'fund', id: fundId },
			{ disbursementId: id, amountCents: input.amountCents, beneficiary: name }
		);
		await notify(
			tx,
			(await peopleOf(tx, [coordinator.consortium.coordinatorOrganisationId], ['signatory'])).filter((u) => u !== user.id),
			{
				type: 'fund.disbursement_proposed',
				params: { fund: coordinator.fund.name },
				link: dashboardLink(fundId)
			}
		);
		return { ok: true, id };
	});
}

/** A signatory of the coordinating organisation other than the proposer approves or rejects a disbursement. */
export async function decideDisbursement(
	user: SessionUser,
	disbursementId: string,
	decision: { approve: true } | { approve: false; reason: string },
	now = new Date()
): Promise<Outcome | HeldBackRefusal> {
	// Public money moves on a second factor passed in this session (auth/second-factor.ts).
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const [disbursement] = await tx.select().from(disbursements).where(eq(disbursements.id, disbursementId));
		if (!disbursement) return { ok: false, code: 'not_found' };
		const coordinator = await asCoordinator(tx, user, disbursement.fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		if (coordinator.role !== 'signatory') return { ok: false, code: 'signatories_only' };
		if (disbursement.proposedBy === user.id) return { ok: false, code: 'second_signatory' };
		if (disbursement.status !== 'proposed') return { ok: false, code: 'invalid_transition' };
		const fundId = disbursement.fundId;
		if (decision.approve) {
			if (coordinator.fund.status !== 'funded') return { ok: false, code: 'fund_not_funded' };
			if (await subsidyIncomplete(tx, disbursementId)) return { ok: false, code: 'subsidy_incomplete' };
			const cash = await disbursable(tx, fundId);
			if (disbursement.amountCents > cash.available) return { ok: false, code: 'over_available' };
			if (disbursement.amountCents > cash.disbursable) return heldBack(cash);
			const name = await beneficiaryName(tx, coordinator.fund, disbursement);
			await tx.update(disbursements).set({ status: 'approved', decidedBy: user.id, decidedAt: now }).where(eq(disbursements.id, disbursementId));
			await appendEntry(tx, {
				fundId,
				kind: 'disburse',
				amountCents: disbursement.amountCents,
				disbursementId,
				reference: name ?? '',
				actorUserId: user.id,
				at: now
			});
			await audit(
				tx,
				coordinator.actor,
				'disbursement.approved',
				{ type: 'fund', id: fundId },
				{ disbursementId, amountCents: disbursement.amountCents, beneficiary: name }
			);
		} else {
			const reason = decision.reason.trim();
			await tx
				.update(disbursements)
				.set({ status: 'rejected', decidedBy: user.id, decidedAt: now, rejectionReason: reason })
				.where(eq(disbursements.id, disbursementId));
			await audit(tx, coordinator.actor, 'disbursement.rejected', { type: 'fund', id: fundId }, { disbursementId, reason });
		}
		await notify(tx, [disbursement.proposedBy], {
			type: decision.approve ? 'fund.disbursement_approved' : 'fund.disbursement_rejected',
			params: { fund: coordinator.fund.name },
			link: dashboardLink(fundId)
		});
		return { ok: true };
	});
}

/** Whether a consortium holds a fund with money in it or still raising: then it cannot be dissolved. */
export async function consortiumHoldsMoney(tx: Tx, consortiumId: string) {
	const rows = await tx.select({ id: funds.id, status: funds.status }).from(funds).where(eq(funds.consortiumId, consortiumId));
	if (rows.some((f) => f.status === 'open')) return true;
	const totals = await fundTotals(
		tx,
		rows.map((f) => f.id)
	);
	return [...totals.values()].some((t) => t.available > 0 || t.called > 0 || t.approved > 0);
}
