import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { fundOfPledge, isFundMember, pledgesShapedBy } from '$lib/server/funds/queries';
import { DISBURSEMENT_PAGE, FUND_PAGE_PLEDGES, fundPage } from '$lib/server/funds/page';
import { pageFrom } from '$lib/server/projects/filters';
import { amendPledge, approvePledge, enterPledge, offerMatch, pledgeApprovalRefusal, withdrawPledge } from '$lib/server/funds/commands';
import { db } from '$lib/server/db';
import { fundRefusalTable, type FundFigures, type FundRefusal } from '$lib/server/funds/refusals';
import { refusalFailure, type RefusalOf } from '$lib/server/shared/refusal';
import { requireUser } from '$lib/server/auth/guards';
import { setFlash } from '$lib/server/http/flash';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { amendSchema, approvalSchema, matchOfferSchema, pledgeIdSchema, pledgeSchema } from '$lib/schemas/funds';
import { offerApprovalSchema } from '$lib/schemas/money';
import { approveMatchOffer, withdrawMatchOffer } from '$lib/server/funds/offers';
import { approversOf, offerApproversOf } from '$lib/server/funds/approvers';
import { accountInForce } from '$lib/server/funds/receiving-account';
import { approvalForm, mayApproveOffer, mayApprovePledge, mayCoordinateFund, mayManageOffer, mayOfferMatch, mayPledge } from '$lib/server/funds/policy';
import { maskIban } from '$lib/domain/receiving-account';
import { isId } from '$lib/domain/ids';

async function publicAccountOf(organisationId: string) {
	const account = await accountInForce(organisationId);
	return account ? { iban: maskIban(account.iban), holder: account.holder } : null;
}
import { fundTakesPledges } from '$lib/domain/funds';
import { parisDay } from '$lib/domain/consortia';
import { renderMarkdown } from '$lib/markdown';
import { countdown } from '$lib/countdown';
import { formatMoney } from '$lib/labels';
import * as m from '$lib/paraglide/messages';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { metaDescription } from '$lib/meta';
import { followAction, followingOf } from '$lib/server/follow-form';

/** The page of disbursements the URL asks for (`?disbursements=2`), 1 unless a page number. */
function disbursementPageFrom(url: URL) {
	const value = url.searchParams.get('disbursements') ?? '1';
	return /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : 1;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	// One page of pledges at a time: the page's size and its queries do not grow with the fund.
	const page = pageFrom(url);
	const actingId = locals.user ? (locals.actingOrganisation?.id ?? null) : null;
	const disbursementPage = disbursementPageFrom(url);
	const details = await fundPage(params.id, {
		offset: (page - 1) * FUND_PAGE_PLEDGES,
		actingOrganisationId: actingId,
		disbursementOffset: (disbursementPage - 1) * DISBURSEMENT_PAGE
	});
	if (!details) error(404, m.error_not_found());
	const { fund } = details;
	const roleIn = (organisationId: string) => locals.organisations.find((o) => o.id === organisationId)?.role ?? null;
	const coordinating = mayCoordinateFund(roleIn(details.coordinatorOrganisationId)).ok;
	if (fund.status === 'draft' && !coordinating) error(404, m.error_not_found());

	// Who may do what, from the person's acting organisation: the predicates every command asks again (funds/policy.ts).
	const now = new Date();
	const open = fundTakesPledges(fund.status, fund.deadline, now);
	const user = locals.user;
	const acting = user ? locals.actingOrganisation : null;
	const ownIntents = acting ? details.ownIntents : [];
	// One open intent per organisation and fund: with one, the page offers to amend it instead.
	const canPledge = Boolean(
		open &&
		acting &&
		ownIntents.length === 0 &&
		mayPledge(acting, acting.role, acting.verificationStatus === 'verified' && (await isFundMember(fund.id, acting.id))).ok
	);
	const canOfferMatch = Boolean(open && acting && mayOfferMatch(acting, acting.role).ok);
	const signatory = mayApprovePledge(acting?.role).ok;
	const shaped =
		user && signatory && open
			? await pledgesShapedBy(
					user.id,
					ownIntents.map((p) => p.id)
				)
			: new Set<string>();
	const approvers =
		acting && open
			? await approversOf(
					acting.id,
					ownIntents.map((p) => p.id)
				)
			: new Map<string, string[]>();

	const ownOffers = details.offers.filter((o) => acting && o.partnerOrganisationId === acting.id && o.status === 'proposed');
	// Who may approve each offer, by name: never "a signatory will approve it" when none can.
	const offerApprovers = acting && open ? await offerApproversOf(acting.id, ownOffers) : new Map<string, string[]>();

	return {
		description: metaDescription(fund.purpose),
		fund: {
			id: fund.id,
			name: fund.name,
			kind: fund.kind,
			rule: fund.rule,
			status: fund.status,
			purposeHtml: renderMarkdown(fund.purpose),
			targetCents: fund.targetCents,
			thresholdCents: fund.thresholdCents,
			deadline: fund.deadline,
			settledAt: fund.settledAt,
			capAmountCents: fund.capAmountCents,
			capSharePercent: fund.capShareBp === null ? null : fund.capShareBp / 100,
			memberCapCents: details.memberCap
		},
		consortium: { id: fund.consortiumId, name: details.consortiumName },
		coordinatorName: details.coordinatorName,
		// Shown masked to the public: enough to recognise the account, not to copy it.
		receivingAccount: await publicAccountOf(details.coordinatorOrganisationId),
		totals: details.totals,
		countdown: countdown(fund.deadline, now),
		open,
		pledgePage: page,
		pledgePageCount: Math.max(1, Math.ceil(details.pledgeCount / FUND_PAGE_PLEDGES)),
		disbursementPage,
		disbursementPageCount: Math.max(1, Math.ceil(details.disbursementCount / DISBURSEMENT_PAGE)),
		members: details.members.map((member) => ({
			organisationId: member.organisationId,
			name: member.name,
			kind: member.kind,
			totals: member.totals,
			capCents: member.cap,
			pledges: member.pledges.map((p) => ({
				id: p.id,
				amountCents: p.amountCents,
				status: p.status,
				receivedCents: p.totals.received,
				outstandingCents: p.totals.called,
				enteredAt: p.enteredAt,
				approvedAt: p.approvedAt,
				deliberationReference: p.deliberationReference,
				deliberationDate: p.deliberationDate,
				dueDate: p.dueDate,
				matches: p.matches
			}))
		})),
		offers: details.offers.map((o) => ({
			id: o.id,
			partnerName: o.partnerName,
			ratioBp: o.ratioBp,
			capPerPledgeCents: o.capPerPledgeCents,
			totalCapCents: o.totalCapCents,
			onlyIfThresholdReached: o.onlyIfThresholdReached,
			status: o.status,
			matchedCents: o.matchedCents,
			createdAt: o.createdAt,
			decisionReference: o.decisionReference
		})),
		disbursements: details.disbursements.map((d) => ({
			id: d.id,
			beneficiary: d.beneficiary,
			description: d.description,
			amountCents: d.amountCents,
			status: d.status,
			proposedAt: d.proposedAt,
			decidedAt: d.decidedAt
		})),
		coordinating,
		signedIn: Boolean(user),
		acting: acting ? { name: acting.name, signatory } : null,
		canPledge,
		canOfferMatch,
		// The acting partner's offers awaiting a second person's approval (four-eyes, as for a pledge).
		ownOffers: ownOffers.map((o) => ({
			id: o.id,
			ratioBp: o.ratioBp,
			totalCapCents: o.totalCapCents,
			createdAt: o.createdAt,
			// Whoever may offer may take back an offer nobody approved yet.
			canWithdraw: mayManageOffer(acting?.role).ok,
			approval: !open ? ('closed' as const) : approvalForm(mayApproveOffer(acting?.role, o.createdBy === user?.id)),
			approvers: offerApprovers.get(o.id) ?? []
		})),
		// The acting organisation's own intents: the note is theirs, shown to them only.
		ownIntents: ownIntents.map((p) => ({
			id: p.id,
			amountCents: p.amountCents,
			enteredAt: p.enteredAt,
			note: p.note,
			approval: !signatory ? ('not_signatory' as const) : !open ? ('closed' as const) : approvalForm(mayApprovePledge(acting?.role, shaped.has(p.id))),
			approvers: approvers.get(p.id) ?? []
		})),
		today: parisDay(now),
		following: await followingOf(user, 'fund', fund.id)
	};
};

/** The pledge id a form sent, safe to name the form with ('' otherwise). */
function pledgeIdFrom(form: FormData) {
	const id = String(form.get('pledgeId') ?? '');
	return isId(id) ? id : '';
}

function refused(form: string, refusal: RefusalOf<FundRefusal, FundFigures>, values: Record<string, string>) {
	return refusalFailure(fundRefusalTable, refusal, { form, values });
}

/** Confirms what the action did on the fund's page (a redirect, so a reload never sends the form again). */
function done({ cookies, params }: RequestEvent, message: string): never {
	setFlash(cookies, message);
	redirect(303, `/funds/${params.id}`);
}

/** A form's pledge, refused unless it belongs to this page's fund. */
async function ofThisFund(event: RequestEvent, pledgeId: string) {
	return (await fundOfPledge(pledgeId)) === event.params.id;
}

export const actions: Actions = {
	follow: followAction('fund'),
	pledge: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const values = formValues(form);
		const parsed = parseForm(pledgeSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'pledge', values, errors: parsed.errors }));
		const acting = event.locals.actingOrganisation;
		if (!acting) return refused('pledge', { code: 'not_a_member' }, values);
		const result = await enterPledge(user, acting.id, event.params.id, parsed.data.amount, parsed.data.note);
		if (!result.ok) return refused('pledge', result, values);
		done(event, m.funds_page_pledged({ amount: formatMoney(parsed.data.amount, 2), organisation: acting.name }));
	},
	amend: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const values = formValues(form);
		const name = `amend-${pledgeIdFrom(form)}`;
		const parsed = parseForm(amendSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		if (!(await ofThisFund(event, parsed.data.pledgeId))) return refused(name, { code: 'not_found' }, values);
		const result = await amendPledge(user, parsed.data.pledgeId, parsed.data.amount);
		if (!result.ok) return refused(name, result, values);
		done(event, m.funds_page_amended({ amount: formatMoney(parsed.data.amount, 2) }));
	},
	withdraw: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const name = `withdraw-${pledgeIdFrom(form)}`;
		const parsed = parseForm(pledgeIdSchema, form);
		if (!parsed.ok || !(await ofThisFund(event, parsed.data.pledgeId))) return refused(name, { code: 'not_found' }, {});
		const result = await withdrawPledge(user, parsed.data.pledgeId);
		if (!result.ok) return refused(name, result, {});
		done(event, m.funds_page_withdrawn());
	},
	approve: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const values = formValues(form);
		const name = `approve-${pledgeIdFrom(form)}`;
		// Who may approve first: a non-signatory is refused here, not sent to type a code.
		const notAllowed = await pledgeApprovalRefusal(db(), user.id, String(form.get('pledgeId') ?? '').slice(0, 64));
		if (notAllowed) return refused(name, { code: notAllowed }, values);
		// Then the authenticator's code (and back to this page): nothing changes without it.
		requireSecondFactor();
		const parsed = parseForm(approvalSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		if (!(await ofThisFund(event, parsed.data.pledgeId))) return refused(name, { code: 'not_found' }, values);
		const { pledgeId, reference, date } = parsed.data;
		const result = await approvePledge(user, pledgeId, { reference, date });
		if (!result.ok) return refused(name, result, values);
		done(
			event,
			result.matchedCents > 0
				? m.funds_page_approved_matched({ reference, matched: formatMoney(result.matchedCents, 2) })
				: m.funds_page_approved({ reference })
		);
	},
	approveOffer: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const values = formValues(form);
		const offerId = String(form.get('offerId') ?? '');
		const name = `approve-${isId(offerId) ? offerId : ''}`;
		const parsed = parseForm(offerApprovalSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		// The partner's money binds on the signatory's second factor, like a city's pledge.
		requireSecondFactor();
		// The command checks the offer, the person's role in the partner, and that it is another person's.
		const result = await approveMatchOffer(user, parsed.data.offerId, { reference: parsed.data.reference, date: parsed.data.date });
		if (!result.ok) return refused(name, result, values);
		done(event, result.matchedCents > 0 ? m.money_offer_approved_matched({ matched: formatMoney(result.matchedCents, 2) }) : m.money_offer_approved());
	},
	withdrawOffer: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const offerId = String(form.get('offerId') ?? '');
		const name = `withdraw-offer-${isId(offerId) ? offerId : ''}`;
		if (!isId(offerId)) return refused(name, { code: 'not_found' }, {});
		// The command checks the person's role in the partner and that nobody has approved the offer yet.
		const result = await withdrawMatchOffer(user, event.params.id, offerId);
		if (!result.ok) return refused(name, result, {});
		done(event, m.money_offer_withdrawn_done());
	},
	offerMatch: async (event) => {
		const { user } = requireUser();
		const form = await event.request.formData();
		const values = formValues(form);
		const parsed = parseForm(matchOfferSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'match', values, errors: parsed.errors }));
		const acting = event.locals.actingOrganisation;
		if (!acting) return refused('match', { code: 'partners_only' }, values);
		const { ratio, capPerPledge, totalCap, onlyIfThresholdReached } = parsed.data;
		const result = await offerMatch(user, acting.id, event.params.id, {
			ratioPercent: ratio,
			capPerPledgeCents: capPerPledge,
			totalCapCents: totalCap,
			onlyIfThresholdReached
		});
		if (!result.ok) return refused('match', result, values);
		// Nothing binds yet: another signatory of the partner approves it with the partner's decision.
		done(event, m.money_offer_proposed({ organisation: acting.name }));
	}
};
