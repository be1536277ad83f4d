import { and, asc, count, desc, eq, exists, gte, inArray, isNotNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import { db } from '../db';
import {
	callCriteria,
	callDepartements,
	callEvaluators,
	callQuestions,
	calls,
	consortia,
	departements,
	evaluationScores,
	memberships,
	organisations,
	responseAttachments,
	responseConflicts,
	responses,
	users,
	type CallCriterion,
	type User
} from '../db/schema';
import { completeEvaluators, rankResponses, weightedMean, type CallAudience, type CallStatus } from '../../domain/calls';
import type { ProjectTheme } from '../../domain/projects';
import { isEvaluator } from './evaluators';
import { budgetBands, deadlineLimit, type BudgetBand, type DeadlineWindow } from '../../domain/call-search';
import { ftsQuery } from '../../domain/search';

export const CALLS_PAGE_SIZE = 20;

export interface CallFilters {
	q?: string;
	theme?: ProjectTheme;
	status?: CallStatus;
	region?: string;
	departement?: string;
	audience?: CallAudience;
	budget?: BudgetBand;
	/** Open calls closing within so many days. */
	closes?: DeadlineWindow;
}

function placeCondition(departementCode?: string, regionCode?: string): SQL | undefined {
	if (!departementCode && !regionCode) return undefined;
	const inRegion = regionCode
		? sql`${callDepartements.departementCode} IN (SELECT ${departements.code} FROM ${departements} WHERE ${departements.regionCode} = ${regionCode})`
		: undefined;
	return exists(
		db()
			.select({ one: sql`1` })
			.from(callDepartements)
			.where(and(eq(callDepartements.callId, calls.id), departementCode ? eq(callDepartements.departementCode, departementCode) : undefined, inRegion))
	);
}

/** The conditions of the public list (never a draft); the search text reaches FTS only through ftsQuery. */
export function publicConditions(filters: CallFilters, now = new Date()): SQL | undefined {
	const band = filters.budget ? budgetBands[filters.budget] : undefined;
	const match = filters.q ? ftsQuery(filters.q) : null;
	return and(
		ne(calls.status, 'draft'),
		filters.theme ? eq(calls.theme, filters.theme) : undefined,
		filters.status && filters.status !== 'draft' ? eq(calls.status, filters.status) : undefined,
		filters.audience ? eq(calls.audience, filters.audience) : undefined,
		band ? gte(calls.budgetCents, band[0]) : undefined,
		band && band[1] !== null ? lt(calls.budgetCents, band[1]) : undefined,
		filters.closes ? and(eq(calls.status, 'open'), gte(calls.closesAt, now), lte(calls.closesAt, deadlineLimit(filters.closes, now))) : undefined,
		placeCondition(filters.departement, filters.region),
		match ? sql`${calls.id} IN (SELECT call_id FROM calls_search WHERE calls_search MATCH ${match})` : undefined
	);
}

/** Published calls, open ones first by closing date, in three queries whatever the page size. */
export async function listPublicCalls(filters: CallFilters, offset = 0, limit = CALLS_PAGE_SIZE) {
	const where = publicConditions(filters);
	const [rows, [{ total }]] = await Promise.all([
		db()
			.select({
				id: calls.id,
				title: calls.title,
				theme: calls.theme,
				status: calls.status,
				audience: calls.audience,
				budgetCents: calls.budgetCents,
				durationMonths: calls.durationMonths,
				legalFrame: calls.legalFrame,
				opensAt: calls.opensAt,
				closesAt: calls.closesAt,
				publishedAt: calls.publishedAt,
				decidedAt: calls.decidedAt,
				updatedAt: calls.updatedAt,
				publisherId: organisations.id,
				publisherName: organisations.name,
				publisherSlug: organisations.slug,
				consortiumId: consortia.id,
				consortiumName: consortia.name
			})
			.from(calls)
			.innerJoin(organisations, eq(organisations.id, calls.publisherOrganisationId))
			.leftJoin(consortia, eq(consortia.id, calls.consortiumId))
			.where(where)
			.orderBy(desc(sql`${calls.status} = 'open'`), asc(calls.closesAt))
			.limit(limit)
			.offset(offset),
		db().select({ total: count() }).from(calls).where(where)
	]);
	const places = await departementsOfCalls(rows.map((r) => r.id));
	return { calls: rows.map((r) => ({ ...r, departements: places.get(r.id) ?? [] })), total };
}

/** The départements several calls concern, by call id, in one query. */
export async function departementsOfCalls(callIds: string[]) {
	const byCall = new Map<string, { code: string; name: string }[]>();
	if (callIds.length === 0) return byCall;
	const rows = await db()
		.select({ callId: callDepartements.callId, code: departements.code, name: departements.name })
		.from(callDepartements)
		.innerJoin(departements, eq(departements.code, callDepartements.departementCode))
		.where(inArray(callDepartements.callId, callIds))
		.orderBy(departements.code);
	for (const row of rows) byCall.set(row.callId, [...(byCall.get(row.callId) ?? []), { code: row.code, name: row.name }]);
	return byCall;
}

/** The criteria of the call of the current row, as a JSON column: read with the call, in its statement. */
const criteriaColumn = sql`(SELECT json_group_array(json_object('id', cc.id, 'callId', cc.call_id, 'position', cc.position, 'label', cc.label,
	'weight', cc.weight)) FROM call_criteria cc WHERE cc.call_id = ${sql.raw('"calls"."id"')})`.mapWith((json: string) =>
	(JSON.parse(json) as CallCriterion[]).sort((a, b) => a.position - b.position)
);

/** A call with its publisher, its consortium and its criteria (by position), in one statement; undefined when unknown. */
export async function callDetails(callId: string) {
	const [row] = await db()
		.select({ call: calls, publisher: organisations, consortium: { id: consortia.id, name: consortia.name }, criteria: criteriaColumn })
		.from(calls)
		.innerJoin(organisations, eq(organisations.id, calls.publisherOrganisationId))
		.leftJoin(consortia, eq(consortia.id, calls.consortiumId))
		.where(eq(calls.id, callId));
	return row;
}

/** Questions of a call: answered ones for everyone, all of them for the publisher. Never who asked. */
export function questionsOf(callId: string, includeUnanswered: boolean) {
	return db()
		.select({
			id: callQuestions.id,
			question: callQuestions.question,
			answer: callQuestions.answer,
			askedAt: callQuestions.askedAt,
			answeredAt: callQuestions.answeredAt
		})
		.from(callQuestions)
		.where(and(eq(callQuestions.callId, callId), includeUnanswered ? undefined : isNotNull(callQuestions.answer)))
		.orderBy(asc(callQuestions.askedAt));
}

export async function responseOf(callId: string, startupId: string) {
	const [row] = await db()
		.select()
		.from(responses)
		.where(and(eq(responses.callId, callId), eq(responses.startupOrganisationId, startupId)));
	return row;
}

export { isEvaluator } from './evaluators';

/**
 * The response if `user` may see it: a member of the startup that wrote it, or an evaluator of its
 * call without a declared conflict, once submitted and once the call has closed. Undefined otherwise.
 */
export async function responseForViewer(user: User, callId: string, responseId: string) {
	const [row] = await db()
		.select({ response: responses, startup: organisations })
		.from(responses)
		.innerJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
		.where(and(eq(responses.id, responseId), eq(responses.callId, callId)));
	if (!row) return undefined;
	const [membership] = await db()
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.organisationId, row.response.startupOrganisationId), eq(memberships.userId, user.id)));
	if (membership) return { ...row, viewer: 'startup' as const };
	if (row.response.status === 'draft' || row.response.status === 'withdrawn') return undefined;
	// Responses stay sealed until the call closes, even for its evaluators.
	const [call] = await db().select({ status: calls.status }).from(calls).where(eq(calls.id, callId));
	if (!call || call.status === 'draft' || call.status === 'open') return undefined;
	if (!(await isEvaluator(callId, user.id))) return undefined;
	const [conflict] = await db()
		.select()
		.from(responseConflicts)
		.where(and(eq(responseConflicts.responseId, responseId), eq(responseConflicts.evaluatorId, user.id)));
	if (conflict?.hasConflict) return undefined;
	return { ...row, viewer: 'evaluator' as const, declared: Boolean(conflict) };
}

/** Members of the publishing organisation, and which of them evaluate the call. */
export async function evaluatorChoices(callId: string, publisherId: string) {
	const assigned = db()
		.select({ one: sql`1` })
		.from(callEvaluators)
		.where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, users.id)));
	return db()
		.select({ userId: users.id, name: users.name, assigned: sql<boolean>`${exists(assigned)}`.mapWith(Boolean) })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organisationId, publisherId))
		.orderBy(users.name);
}

/** Scores of the responses given by the call's current evaluators (a removed evaluator no longer counts). */
function currentScores(callId: string, responseIds: string[]) {
	return db()
		.select({
			responseId: evaluationScores.responseId,
			evaluatorId: evaluationScores.evaluatorId,
			criterionId: evaluationScores.criterionId,
			score: evaluationScores.score,
			comment: evaluationScores.comment
		})
		.from(evaluationScores)
		.innerJoin(callEvaluators, and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, evaluationScores.evaluatorId)))
		.where(inArray(evaluationScores.responseId, responseIds));
}

/**
 * The evaluation board of a call: every submitted (or decided) response with its weighted mean and
 * how many evaluators scored it completely, ranked; and, for `evaluatorId`, their declaration and scores.
 */
export async function evaluationBoard(callId: string, evaluatorId: string | null, knownCriteria?: CallCriterion[]) {
	const responseId = sql.raw('"responses"."id"');
	const [criteria, rows] = await Promise.all([
		knownCriteria ?? db().select().from(callCriteria).where(eq(callCriteria.callId, callId)).orderBy(callCriteria.position),
		db()
			.select({
				id: responses.id,
				status: responses.status,
				submittedAt: responses.submittedAt,
				priceCents: responses.priceCents,
				justification: responses.justification,
				// For a call addressed to consortia, the consortium's name rather than its coordinator's.
				startupName: sql<string>`coalesce(${consortia.name}, ${organisations.name})`,
				// Its scores by the call's current evaluators (a removed evaluator no longer counts) and its
				// declarations, in the same statement: a response's few rows each, however many responses.
				scores: sql`(SELECT json_group_array(json_object('evaluatorId', s.evaluator_id, 'criterionId', s.criterion_id, 'score', s.score,
					'comment', s.comment)) FROM evaluation_scores s INNER JOIN call_evaluators ce ON ce.call_id = ${callId} AND ce.user_id = s.evaluator_id
					WHERE s.response_id = ${responseId})`.mapWith(
					(json: string) => JSON.parse(json) as { evaluatorId: string; criterionId: string; score: number; comment: string }[]
				),
				declarations: sql`(SELECT json_group_array(json_object('evaluatorId', c.evaluator_id, 'hasConflict', c.has_conflict))
					FROM response_conflicts c WHERE c.response_id = ${responseId})`.mapWith((json: string) =>
					(JSON.parse(json) as { evaluatorId: string; hasConflict: number }[]).map((c) => ({ evaluatorId: c.evaluatorId, hasConflict: Boolean(c.hasConflict) }))
				)
			})
			.from(responses)
			.innerJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.leftJoin(consortia, eq(consortia.id, responses.consortiumId))
			.where(and(eq(responses.callId, callId), inArray(responses.status, ['submitted', 'shortlisted', 'rejected', 'selected'])))
	]);
	const ranked = rankResponses(
		rows.map(({ scores: mine, declarations, ...r }) => {
			const declaration = declarations.find((c) => c.evaluatorId === evaluatorId);
			return {
				...r,
				mean: weightedMean(criteria, mine),
				evaluatorsDone: completeEvaluators(criteria, mine),
				conflicts: declarations.filter((c) => c.hasConflict).length,
				myDeclaration: declaration ? (declaration.hasConflict ? ('conflict' as const) : ('none' as const)) : null,
				myScores: Object.fromEntries(mine.filter((s) => s.evaluatorId === evaluatorId).map((s) => [s.criterionId, { score: s.score, comment: s.comment }]))
			};
		})
	);
	return { criteria, responses: ranked };
}

/** A startup's own scores (per criterion, the mean of its evaluators and their comments), once decided. */
export async function ownScores(callId: string, responseId: string) {
	const [criteria, scores] = await Promise.all([
		db().select().from(callCriteria).where(eq(callCriteria.callId, callId)).orderBy(callCriteria.position),
		currentScores(callId, [responseId])
	]);
	return {
		mean: weightedMean(criteria, scores),
		criteria: criteria.map((c) => {
			const mine = scores.filter((s) => s.criterionId === c.id);
			return {
				label: c.label,
				weight: c.weight,
				mean: mine.length ? mine.reduce((sum, s) => sum + s.score, 0) / mine.length : null,
				comments: mine.map((s) => s.comment).filter(Boolean)
			};
		})
	};
}

/** Calls of an organisation, drafts included: for its members. */
export function callsOfOrganisation(organisationId: string) {
	return db()
		.select({ id: calls.id, title: calls.title, status: calls.status, opensAt: calls.opensAt, closesAt: calls.closesAt })
		.from(calls)
		.where(eq(calls.publisherOrganisationId, organisationId))
		.orderBy(desc(calls.updatedAt));
}

/** Published calls on a consortium's behalf. */
export function callsOfConsortium(consortiumId: string) {
	return db()
		.select({ id: calls.id, title: calls.title, status: calls.status, opensAt: calls.opensAt, closesAt: calls.closesAt })
		.from(calls)
		.where(and(eq(calls.consortiumId, consortiumId), ne(calls.status, 'draft')))
		.orderBy(desc(calls.closesAt));
}

/** The responses of an organisation, with their call: its "Mes réponses", in one query. */
export function responsesOfOrganisation(organisationId: string) {
	return db()
		.select({
			id: responses.id,
			status: responses.status,
			priceCents: responses.priceCents,
			updatedAt: responses.updatedAt,
			submittedAt: responses.submittedAt,
			callId: calls.id,
			callTitle: calls.title,
			callStatus: calls.status,
			closesAt: calls.closesAt
		})
		.from(responses)
		.innerJoin(calls, eq(calls.id, responses.callId))
		.where(eq(responses.startupOrganisationId, organisationId))
		.orderBy(desc(sql`${calls.status} = 'open'`), asc(calls.closesAt));
}

/** The PDFs joined to a response, oldest first (never their stored file name). */
export function attachmentsOf(responseId: string) {
	return db()
		.select({ id: responseAttachments.id, kind: responseAttachments.kind, name: responseAttachments.name, size: responseAttachments.size })
		.from(responseAttachments)
		.where(eq(responseAttachments.responseId, responseId))
		.orderBy(asc(responseAttachments.addedAt));
}

export async function attachmentOf(responseId: string, attachmentId: string) {
	const [row] = await db().select().from(responseAttachments).where(eq(responseAttachments.id, attachmentId));
	return row && row.responseId === responseId ? row : undefined;
}
