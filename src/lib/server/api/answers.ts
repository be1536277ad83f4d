import * as v from 'valibot';
import { projectThemes, publicProjectStatuses } from '../../domain/projects';
import { callAudiences, legalFrames } from '../../domain/calls';
import { callChangeKinds } from '../../domain/call-documents';
import { consortiumStatuses, memberStatuses } from '../../domain/consortia';
import {
	disbursementStatuses,
	entryKinds,
	fundKinds,
	matchOfferStatuses,
	pledgeStatuses,
	publicFundStatuses,
	thresholdRules,
	type EntryKind
} from '../../domain/funds';
import { reusableParts } from '../../domain/partners';
import { organisationKinds } from '../../domain/organisations';
import { decisionKinds } from '../db/schema/consortia';
import { publicCallStatuses } from '../../domain/calls';

// What the public API answers, in valibot: each object as served, with the domain's vocabularies.
// The OpenAPI document's components are generated from these (openapi.ts); the contract test checks
// every served answer against them, strictly (a field served and not declared here fails it).

const d = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const str = v.string();
const int = v.pipe(v.number(), v.integer());
const cents = int;
const dateTime = v.pipe(v.string(), v.isoTimestamp());
const date = v.pipe(v.string(), v.isoDate());
const n = <S extends v.GenericSchema>(schema: S) => v.nullable(schema);
const o = <S extends v.GenericSchema>(schema: S) => v.optional(schema);

export { publicFundStatuses };
const ledgerKinds = Object.keys(entryKinds) as EntryKind[];

const ErrorBody = v.object({
	error: d(str, 'A stable code: not_found, invalid_<parameter>, internal_error'),
	message: o(d(str, 'What is wrong, in English'))
});

const named = v.object({ id: str, name: str });
const link = v.object({ organisationId: str, name: str, projectId: n(str) });
const referentProperties = { name: str, role: n(str), phone: n(str) };

const Organisation = v.object({
	id: str,
	slug: str,
	kind: v.picklist(organisationKinds),
	name: str,
	inseeCode: d(n(str), 'Communes only'),
	siren: n(str),
	nafCode: d(n(str), 'Startups only'),
	description: str,
	departementCode: n(str),
	regionCode: n(str),
	population: d(n(int), 'Cities and intercommunalities: the official population'),
	website: n(str),
	pageUrl: d(str, 'The public page, which shows the contact address (the API never gives one)'),
	contactPhone: n(str),
	logoUrl: n(str),
	themes: d(v.array(v.picklist(projectThemes)), 'Themes of its published projects'),
	referent: d(n(v.object(referentProperties)), 'Cities and intercommunalities: the référent numérique for TPE/PME'),
	verifiedAt: n(dateTime)
});

const Referent = v.object({
	organisationId: str,
	organisationName: str,
	organisationKind: v.picklist(organisationKinds.filter((k) => k === 'city' || k === 'intercommunality')),
	departementCode: n(str),
	regionCode: n(str),
	pageUrl: d(str, 'The organisation’s page, with the référent’s address'),
	...referentProperties
});

const Project = v.object({
	id: str,
	title: str,
	summary: str,
	description: o(d(str, 'Markdown; in the single-project answer only')),
	theme: v.picklist(projectThemes),
	status: v.picklist(publicProjectStatuses),
	estimatedBudgetCents: n(cents),
	seekingPartners: v.boolean(),
	publishedAt: n(dateTime),
	proposer: named,
	coproposers: v.array(named),
	partners: d(v.array(link), 'Organisations accepted as co-proposers; projectId is this project'),
	reuse: o(
		d(
			v.object({
				licence: n(str),
				repositoryUrl: n(str),
				contactName: n(str),
				reusableParts: v.array(v.picklist(reusableParts)),
				budgetLines: v.array(v.object({ label: str, amountCents: cents })),
				indicators: v.array(
					v.object({
						name: str,
						unit: str,
						baseline: n(v.number()),
						target: n(v.number()),
						measurements: v.array(v.object({ measuredOn: date, value: v.number() }))
					})
				),
				documents: d(
					v.array(v.object({ id: str, title: str, size: d(int, 'Bytes'), sha256: str, reusable: v.boolean(), url: d(str, 'The PDF, a path on this site') })),
					'PDFs attached by the owner; the reusable ones are copied into replications'
				)
			}),
			'Single-project answer only: what makes it reusable'
		)
	),
	replications: d(v.array(link), 'Cities whose own project replicates this one (accepted by its owner); projectId is null while that project is a draft'),
	departements: v.array(str)
});

const Call = v.object({
	id: str,
	title: str,
	challenge: o(d(str, 'Markdown; in the single-call answer only')),
	theme: v.picklist(projectThemes),
	status: v.picklist(publicCallStatuses),
	audience: v.picklist(callAudiences),
	budgetCents: n(cents),
	durationMonths: int,
	legalFrame: v.picklist(legalFrames),
	opensAt: dateTime,
	closesAt: dateTime,
	publisher: named,
	consortium: n(named),
	departements: d(v.array(str), 'The départements the call concerns'),
	criteria: v.array(v.object({ label: str, weight: int })),
	award: d(
		n(
			v.object({
				decidedAt: dateTime,
				responses: d(int, 'Responses considered (submitted; never drafts or withdrawn ones)'),
				selected: v.array(v.object({ organisationId: str, name: str, amountCents: cents }))
			})
		),
		'The award notice, once the call is decided (null before); the same in the list and in the single-call answer'
	),
	documents: o(
		d(
			v.array(
				v.object({
					id: str,
					name: str,
					sizeBytes: int,
					sha256: d(str, 'SHA-256 of the file, hex'),
					addedAt: dateTime,
					url: d(str, 'Path of the download, relative to the site')
				})
			),
			'The PDFs the publisher attached (cahier des charges, règlement…), each downloadable at its url; in the single-call answer only'
		)
	),
	changes: o(
		d(
			v.array(
				v.object({
					at: dateTime,
					kind: v.picklist(callChangeKinds),
					documentName: str,
					note: d(str, 'What the publisher said changed; may be empty')
				})
			),
			'Changes to its documents once the call was public, newest first; in the single-call answer only'
		)
	),
	questions: o(d(v.array(v.object({ question: str, answer: n(str), answeredAt: n(dateTime) })), 'Answered public questions; in the single-call answer only'))
});

const rule = v.object({ required: int, count: int, holds: v.boolean() });

const Consortium = v.object({
	id: str,
	name: str,
	purpose: d(str, 'Markdown'),
	status: v.picklist(consortiumStatuses),
	coordinatorId: d(str, 'The coordinating organisation'),
	members: d(
		v.array(
			v.object({
				organisationId: str,
				name: str,
				kind: v.picklist(organisationKinds),
				status: v.picklist(memberStatuses.filter((s) => s !== 'cancelled')),
				departements: v.array(str),
				deliberation: n(v.object({ number: str, date: n(date), kind: n(v.picklist(decisionKinds)) }))
			})
		),
		'Members and invitations of organisations on the platform (cancelled invitations left out)'
	),
	departements: d(v.array(str), 'Codes of the départements its current members cover'),
	rules: v.object({
		minMembers: rule,
		minDepartements: rule,
		allowedRegions: v.object({ regions: d(v.array(str), 'Région codes; empty for any'), holds: v.boolean() }),
		councilApprovals: v.object({ holds: v.boolean() })
	})
});

const total = (description: string) => d(cents, description);
const Totals = d(
	v.object({
		intentCents: total('Pledged, awaiting a signatory'),
		approvedCents: total('Approved, not yet called'),
		calledCents: total('Called, not yet received'),
		receivedCents: total('Received over the fund’s life'),
		refundedCents: total('Refunded'),
		refundOwedCents: total('Refunds owed, not yet made: still in the account, no longer available'),
		releasedCents: total('Released (the fund failed, or an intent lapsed)'),
		withdrawnCents: total('Withdrawn before approval'),
		disbursedCents: total('Paid out to projects or responses'),
		availableCents: total('In the fund now: received − refunded − disbursed'),
		committedCents: total('Binding: approved + called + received − refunded'),
		matchedCents: total('The part of committed brought by partners’ matches'),
		disputedCents: total('Withdrawn by Stripe while a payer disputes a payment'),
		lostCents: total('Lost in disputes'),
		deficitCents: total('What the fund lacks: money taken back (a dispute, a refund) after it was spent'),
		unappliedCents: total('Received beyond what was due, not yet returned'),
		returnedCents: total('Money received beyond what was due, returned')
	}),
	'Derived from the ledger: the balance of each state, in integer euro cents'
);

const single = (description: string) => `Single-fund answer only: ${description}`;
const Fund = v.object({
	id: str,
	name: str,
	kind: v.picklist(fundKinds),
	status: v.picklist(publicFundStatuses),
	rule: v.picklist(thresholdRules),
	consortiumId: str,
	consortiumName: str,
	targetCents: cents,
	thresholdCents: cents,
	deadline: dateTime,
	currency: v.picklist(['EUR']),
	totals: Totals,
	purpose: o(d(str, single('Markdown'))),
	coordinator: o(d(v.object({ organisationId: str, name: str }), single('the consortium’s coordinating organisation'))),
	memberCap: o(
		d(
			v.object({
				amountCents: d(n(cents), 'The cap per member in cents, if any'),
				sharePercent: d(n(v.number()), 'The cap per member as a share of the target, if any'),
				effectiveCents: d(n(cents), 'The lower of the two; null without a cap')
			}),
			single('how much one member may pledge')
		)
	),
	settledAt: o(d(n(dateTime), single('when the fund was settled (funded or failed); null before'))),
	members: o(
		d(
			v.array(v.object({ organisationId: str, name: str, kind: v.picklist(organisationKinds), totals: Totals })),
			single('the organisations whose pledges are on this page, each with its totals in the whole fund')
		)
	),
	pledges: o(
		d(
			v.array(
				v.object({
					id: str,
					organisationId: str,
					organisationName: str,
					status: v.picklist(pledgeStatuses),
					amountCents: cents,
					isMatch: v.boolean(),
					matchesPledgeId: n(str),
					deliberation: n(v.object({ reference: str, date: n(date) })),
					dueDate: n(date),
					receivedCents: cents,
					outstandingCents: cents
				})
			),
			single('one page of the pledges, grouped by organisation in alphabetical order; pledgesNext asks for the next one')
		)
	),
	pledgeCount: o(d(int, single('how many pledges the fund holds, on every page'))),
	pledgesNext: o(d(n(str), single('pass it as pledgesCursor for the next page of pledges; null on the last page'))),
	matchOffers: o(
		d(
			v.array(
				v.object({
					id: str,
					partnerOrganisationId: str,
					partnerName: str,
					ratioPercent: v.number(),
					capPerPledgeCents: n(cents),
					totalCapCents: cents,
					onlyIfThresholdReached: v.boolean(),
					status: v.picklist(matchOfferStatuses),
					matchedCents: cents
				})
			),
			single('partners’ offers to match pledges')
		)
	),
	disbursements: o(
		d(
			v.array(
				v.object({
					id: str,
					status: v.picklist(disbursementStatuses),
					amountCents: cents,
					beneficiary: str,
					projectId: n(str),
					responseId: n(str),
					proposedAt: dateTime,
					decidedAt: n(dateTime)
				})
			),
			single('payments out of the fund, proposed or decided')
		)
	)
});

const LedgerEntry = v.object({
	seq: d(int, 'Order of the entry; entries are never changed or removed'),
	at: dateTime,
	kind: v.picklist(ledgerKinds),
	from: d(str, 'The state the money leaves'),
	to: d(str, 'The state the money enters'),
	amountCents: v.pipe(cents, v.minValue(1)),
	isMatch: v.boolean(),
	pledgeId: n(str),
	disbursementId: n(str),
	organisationId: n(str),
	organisationName: n(str),
	reference: d(n(str), 'Délibération, bank or beneficiary reference'),
	runningTotals: Totals
});

/** Named schemas: the document's components, referred to by name wherever they appear. */
const ApiIndex = v.object({
	openapi: d(str, 'The address of this OpenAPI document'),
	lists: d(
		v.object({ organisations: str, referents: str, projects: str, calls: str, consortia: str, funds: str }),
		'The address of each list, by name: its first page'
	)
});

export const components = { Error: ErrorBody, Index: ApiIndex, Organisation, Referent, Project, Call, Consortium, Totals, Fund, LedgerEntry } as const;
export type ComponentName = keyof typeof components;
