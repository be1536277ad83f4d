import * as v from 'valibot';
import { projectThemes, publicProjectStatuses } from '../../domain/projects';
import { callAudiences, legalFrames } from '../../domain/calls';
import { budgetBandCodes, deadlineWindows } from '../../domain/call-search';
import { consortiumStatuses, memberStatuses } from '../../domain/consortia';
import {
	disbursementStatuses,
	entryKinds,
	fundKinds,
	fundStatuses,
	matchOfferStatuses,
	pledgeStatuses,
	thresholdRules,
	type EntryKind
} from '../../domain/funds';
import { populationBands, reusableParts } from '../../domain/partners';
import { organisationKinds } from '../db/schema/organisations';
import { decisionKinds } from '../db/schema/consortia';
import { publicCallStatuses } from '../calls/queries';
import { projectSorts } from '../projects/queries';
import { MAX_CURSOR_CHARS, verifyCursor } from './cursor';

// The public API's contract, in valibot: what each operation accepts (its query, parsed by the route
// with these very schemas) and what it answers (checked against the served JSON by the contract test).
// The OpenAPI document (openapi.ts) is generated from here, so vocabularies come from the domain's
// `as const` tuples once.

const d = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const str = v.string();
const int = v.pipe(v.number(), v.integer());
const cents = int;
const dateTime = v.pipe(v.string(), v.isoTimestamp());
const date = v.pipe(v.string(), v.isoDate());
const n = <S extends v.GenericSchema>(schema: S) => v.nullable(schema);
const o = <S extends v.GenericSchema>(schema: S) => v.optional(schema);

const publicFundStatuses = fundStatuses.filter((s) => s !== 'draft');
const ledgerKinds = Object.keys(entryKinds) as EntryKind[];

// ——— Answers ———

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
				)
			}),
			'Single-project answer only: what makes it reusable'
		)
	),
	replications: d(
		v.array(link),
		'Cities whose own project replicates this one (accepted by its owner); projectId is null while that project is a draft'
	),
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
	award: o(
		d(
			n(
				v.object({
					decidedAt: dateTime,
					responses: d(int, 'Responses considered (submitted; never drafts or withdrawn ones)'),
					selected: v.array(v.object({ organisationId: str, name: str, amountCents: cents }))
				})
			),
			'The award notice, once the call is decided (null before); in the single-call answer only'
		)
	),
	questions: o(
		d(
			v.array(v.object({ question: str, answer: n(str), answeredAt: n(dateTime) })),
			'Answered public questions; in the single-call answer only'
		)
	)
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
		matchedCents: total('The part of committed brought by partners’ matches')
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
			single('each pledging organisation with its totals')
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
			single('the pledges')
		)
	),
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
export const components = { Error: ErrorBody, Organisation, Referent, Project, Call, Consortium, Totals, Fund, LedgerEntry } as const;
export type ComponentName = keyof typeof components;

// ——— Queries ———

export const DEFAULT_LIMIT = 20;
const LIMIT_MESSAGE = 'limit must be a whole number from 1 to 100.';
const CURSOR_MESSAGE = 'cursor must be a value returned as "next".';

/** Written digits only: `1e1`, `+5`, `-1`, `05`, `5.0` and anything huge are refused, not coerced. */
const limit = v.pipe(
	v.string(),
	v.regex(/^[1-9][0-9]{0,2}$/, LIMIT_MESSAGE),
	v.transform(Number),
	v.number(),
	v.integer(LIMIT_MESSAGE),
	v.minValue(1, LIMIT_MESSAGE),
	v.maxValue(100, LIMIT_MESSAGE),
	v.description(`How many items per page (default ${DEFAULT_LIMIT})`)
);

/** A cursor passes only if this API signed it for this operation (cursor.ts); its output is the payload. */
function cursor(operationId: string) {
	return v.pipe(
		v.string(),
		v.maxLength(MAX_CURSOR_CHARS, CURSOR_MESSAGE),
		v.description('The "next" value of the previous page, as given'),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const payload = verifyCursor(operationId, dataset.value);
			if (payload === null) {
				addIssue({ message: CURSOR_MESSAGE });
				return NEVER;
			}
			return payload;
		})
	);
}

const oneOf = <const T extends readonly string[]>(options: T, description: string) =>
	v.pipe(v.picklist(options, (issue) => `must be one of ${options.join(', ')}, not ${issue.received}.`), v.description(description));
const q = (description: string) => v.pipe(v.string(), v.maxLength(200, 'q is at most 200 characters.'), v.description(description));
const region = (description = 'A région code (two digits)') =>
	v.pipe(v.string(), v.regex(/^\d{2}$/, 'region must be a région code: two digits.'), v.description(description));
const departement = (description = 'A département code (01–95, 2A, 2B, 971–976)') =>
	v.pipe(v.string(), v.regex(/^(\d{2,3}|2A|2B)$/, 'departement must be a département code such as 58, 2A or 974.'), v.description(description));
const themeParam = oneOf(projectThemes, 'A theme');

function pageQuery<E extends v.ObjectEntries>(operationId: string, filters: E) {
	return v.object({ limit: v.optional(limit), cursor: v.optional(cursor(operationId)), ...filters });
}

// ——— Operations ———

type Status = 400 | 404 | 500;
const ERROR_DESCRIPTIONS: Record<Status, string> = {
	400: 'Bad parameters: an unknown filter value, a malformed number or a cursor the API did not give',
	404: 'Unknown or not public',
	500: 'The server failed; try again later'
};

interface Operation {
	path: string;
	summary: string;
	/** The query the route parses with `parseQuery`; absent: the operation takes none. */
	query?: v.ObjectSchema<v.ObjectEntries, undefined>;
	/** The answer: one component, or a page of them. */
	answer: { page: ComponentName } | { one: ComponentName };
	errors: readonly Status[];
}

function list<E extends v.ObjectEntries>(operationId: string, path: string, item: ComponentName, summary: string, filters: E) {
	return { path, summary, query: pageQuery(operationId, filters), answer: { page: item }, errors: [400, 500] } satisfies Operation;
}

function one(path: string, item: ComponentName, summary: string) {
	return { path, summary, answer: { one: item }, errors: [404, 500] } satisfies Operation;
}

export const operations = {
	listOrganisations: list('listOrganisations', '/organisations', 'Organisation', 'Verified organisations', {
		q: o(q('Search in names and descriptions, accents optional')),
		kind: o(oneOf(organisationKinds, 'A kind of organisation')),
		region: o(region()),
		departement: o(departement()),
		population: o(oneOf(populationBands, 'A population band')),
		theme: o(oneOf(projectThemes, 'A theme of its published projects'))
	}),
	getOrganisation: one('/organisations/{id}', 'Organisation', 'One verified organisation'),
	listReferents: list('listReferents', '/referents', 'Referent', 'Référents numériques for TPE/PME named by verified cities and intercommunalities', {
		region: o(region()),
		departement: o(departement())
	}),
	listProjects: list('listProjects', '/projects', 'Project', 'Published projects', {
		q: o(q('Full-text search, accents optional')),
		theme: o(themeParam),
		status: o(oneOf(publicProjectStatuses, 'A project status')),
		departement: o(departement()),
		region: o(region()),
		seeking: o(oneOf(['1'], '1 for projects seeking partners only')),
		sort: o(oneOf(projectSorts, 'The order (default recent)'))
	}),
	getProject: one('/projects/{id}', 'Project', 'One published project'),
	listCalls: list('listCalls', '/calls', 'Call', 'Published calls for experimentation', {
		q: o(q('Full-text search in the title, the challenge and the publisher, accents optional; operators are plain words')),
		theme: o(themeParam),
		status: o(oneOf(publicCallStatuses, 'A call status')),
		region: o(region('A région code: the call concerns one of its départements')),
		departement: o(departement('A département code the call concerns (its publisher’s, or its consortium members’)')),
		audience: o(oneOf(callAudiences, 'Who may respond')),
		budget: o(oneOf(budgetBandCodes, 'A budget band')),
		closes: o(oneOf(deadlineWindows, 'Open calls closing within so many days'))
	}),
	getCall: one('/calls/{id}', 'Call', 'One published call'),
	listConsortia: list('listConsortia', '/consortia', 'Consortium', 'Consortia', {
		status: o(oneOf(consortiumStatuses, 'A consortium status')),
		region: o(region('A région code: a current member lies in it')),
		departement: o(departement('A département code the consortium covers'))
	}),
	getConsortium: one('/consortia/{id}', 'Consortium', 'One consortium'),
	listFunds: list('listFunds', '/funds', 'Fund', 'Funds', {
		status: o(oneOf(publicFundStatuses, 'A fund status')),
		consortium: o(v.pipe(v.string(), v.regex(/^[a-z0-9]{10,40}$/, 'consortium must be a consortium id.'), v.description('A consortium id')))
	}),
	getFund: one('/funds/{id}', 'Fund', 'One fund'),
	listFundLedger: {
		...list('listFundLedger', '/funds/{id}/ledger', 'LedgerEntry', 'The ledger of a fund, oldest entry first, with running totals', {}),
		errors: [400, 404, 500]
	}
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof operations;
export const ERROR_RESPONSES = ERROR_DESCRIPTIONS;
