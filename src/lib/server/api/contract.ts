import * as v from 'valibot';
import { projectSorts, projectThemes, publicProjectStatuses } from '../../domain/projects';
import { callAudiences, publicCallStatuses } from '../../domain/calls';
import { budgetBandCodes, deadlineWindows } from '../../domain/call-search';
import { consortiumStatuses } from '../../domain/consortia';
import { populationBands } from '../../domain/partners';
import { ID_PATTERN } from '../../domain/ids';
import { departementCodes, regionCodes } from '../reference/codes';
import { organisationKinds } from '../../domain/organisations';
import { MAX_CURSOR_CHARS, verifyCursor } from './cursor';
import { publicFundStatuses, type ComponentName } from './answers';

export { components, type ComponentName } from './answers';

// The public API's contract, in valibot: what each operation accepts (its query, parsed by the route
// with these very schemas) and what it answers (answers.ts, checked against the served JSON by the
// contract test). The OpenAPI document (openapi.ts) is generated from here, so vocabularies come from
// the domain's `as const` tuples once.

const o = <S extends v.GenericSchema>(schema: S) => v.optional(schema);

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
function cursor(operationId: string, message = CURSOR_MESSAGE, description = 'The "next" value of the previous page, as given') {
	return v.pipe(
		v.string(),
		v.maxLength(MAX_CURSOR_CHARS, message),
		v.description(description),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const payload = verifyCursor(operationId, dataset.value);
			if (payload === null) {
				addIssue({ message });
				return NEVER;
			}
			return payload;
		})
	);
}

const oneOf = <const T extends readonly string[]>(options: T, description: string) =>
	v.pipe(
		v.picklist(options, (issue) => `must be one of ${options.join(', ')}, not ${issue.received}.`),
		v.description(description)
	);
const q = (description: string) => v.pipe(v.string(), v.maxLength(200, 'q is at most 200 characters.'), v.description(description));
// Places are checked against the official lists (the ones the database is imported from), not by their shape.
const region = (description = 'A région code of the official list') =>
	v.pipe(v.picklist(regionCodes, 'region must be the code of a région, such as 32 or 84.'), v.description(description));
const departement = (description = 'A département code of the official list (01–95, 2A, 2B, 971–976)') =>
	v.pipe(v.picklist(departementCodes, 'departement must be the code of a département, such as 58, 2A or 974.'), v.description(description));
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
	/** The message of its 404: the object its path names does not exist or is not public. */
	missing?: string;
}

function list<E extends v.ObjectEntries>(operationId: string, path: string, item: ComponentName, summary: string, filters: E) {
	return { path, summary, query: pageQuery(operationId, filters), answer: { page: item }, errors: [400, 500] } satisfies Operation;
}

function one(path: string, item: ComponentName, summary: string) {
	return { path, summary, answer: { one: item }, errors: [404, 500], missing: `No such ${item.toLowerCase()}.` } satisfies Operation;
}

export const operations = {
	getIndex: { path: '/', summary: 'This index: the OpenAPI document and each list', answer: { one: 'Index' }, errors: [500] },
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
		consortium: o(v.pipe(v.string(), v.regex(ID_PATTERN, 'consortium must be a consortium id.'), v.description('A consortium id')))
	}),
	getFund: {
		...one('/funds/{id}', 'Fund', 'One fund, with one page of its pledges'),
		query: v.object({
			pledgesCursor: o(
				cursor('getFund', 'pledgesCursor must be a value returned as "pledgesNext".', 'The "pledgesNext" value of the previous answer, as given')
			)
		}),
		errors: [400, 404, 500]
	},
	listFundLedger: {
		...list('listFundLedger', '/funds/{id}/ledger', 'LedgerEntry', 'The ledger of a fund, oldest entry first, with running totals', {}),
		errors: [400, 404, 500],
		missing: 'No such fund.'
	}
} as const satisfies Record<string, Operation>;

export type OperationId = keyof typeof operations;
export const ERROR_RESPONSES = ERROR_DESCRIPTIONS;
