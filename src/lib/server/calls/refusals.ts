// Every way a call command can refuse, with its message, status and field in ONE table per aggregate: the call
// (drafting, publishing, its schedule and questions), its documents, the responses to it, and their evaluation
// (evaluators, scores, decisions, the call's later stages). A code without an entry does not compile.

import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { uploadRefusals } from '../uploads/refusals';
import type { RefusalTable } from '../shared/refusal';
import type { Outcome } from '../shared/outcome';
import { MAX_CALL_DOCUMENTS } from '../../domain/call-documents';
import { formatEuros } from '../../domain/money';

const criteria = { message: m.err_criteria, status: 400, field: 'criteria' } as const;

export const callRefusals = {
	not_found: { message: m.err_call_gone, status: 404 },
	// Who may act (calls/policy.ts).
	not_a_publisher: { message: m.err_call_need_publisher, status: 403 },
	forbidden: { message: m.error_forbidden, status: 403 },
	organisation_unverified: { message: m.err_org_unverified_publish, status: 400 },
	not_coordinator: { message: m.err_call_not_coordinator, status: 400 },
	startups_only: { message: m.err_call_startups_only, status: 403 },
	// The call's state and schedule.
	frozen: { message: m.err_call_frozen, status: 400 },
	invalid_transition: { message: m.err_project_transition, status: 400 },
	closes_in_past: { message: m.err_call_closes_in_past, status: 400 },
	not_later: { message: m.err_call_not_later, status: 400, field: 'closesAt' },
	too_short: { message: m.err_call_too_short, status: 400, field: 'closesAt' },
	closes_before_opens: { message: m.err_call_closes_before_opens, status: 400, field: 'closesAt' },
	call_not_open: { message: m.err_call_not_open, status: 400 },
	// Its criteria (domain/calls.ts criteriaProblem).
	criteria_none: criteria,
	criteria_too_many: criteria,
	criteria_label_missing: criteria,
	criteria_weight_invalid: criteria,
	criteria_sum_not_100: criteria,
	// Its questions.
	questions_closed: { message: m.qa_err_questions_closed, status: 400 },
	questions_after_deadline: { message: m.qa_err_after_deadline, status: 400, field: 'questionsCloseAt' },
	questions_before_opening: { message: m.qa_err_before_opening, status: 400, field: 'questionsCloseAt' }
} satisfies RefusalTable<string>;

export type CallRefusal = keyof typeof callRefusals;
export type CallOutcome<T = object> = Outcome<T, CallRefusal>;
export const callRefusalTable: RefusalTable<CallRefusal> = callRefusals;

export const callDocumentRefusals = {
	not_found: { message: m.err_call_gone, status: 404 },
	not_a_publisher: { message: m.err_call_need_publisher, status: 403 },
	forbidden: { message: m.calldoc_err_admin_only, status: 403 },
	organisation_unverified: { message: m.err_org_unverified_publish, status: 400 },
	documents_frozen: { message: m.calldoc_err_frozen, status: 400 },
	too_many_documents: { message: () => m.calldoc_err_too_many({ max: String(MAX_CALL_DOCUMENTS) }), status: 400 },
	...uploadRefusals('document')
} satisfies RefusalTable<string>;

export type CallDocumentRefusal = keyof typeof callDocumentRefusals;
export type CallDocumentOutcome<T = object> = Outcome<T, CallDocumentRefusal>;
export const callDocumentRefusalTable: RefusalTable<CallDocumentRefusal> = callDocumentRefusals;

/** What the response form adds to a refusal: the call's budget, named when a price needs confirming. */
export interface ResponseFigures {
	budgetCents: number;
}

export const responseRefusals = {
	not_found: { message: m.resp_err_not_found, status: 404 },
	// Who may answer (calls/policy.ts mayRespond).
	startups_only: { message: m.resp_err_startups_only, status: 403 },
	coordinators_only: { message: m.err_call_coordinators_only, status: 403 },
	organisation_unverified: { message: m.resp_err_unverified, status: 400 },
	not_eligible: { message: m.err_call_not_eligible, status: 400 },
	other_consortium: { message: m.err_call_other_consortium, status: 400 },
	// The call and the response's state.
	call_closed: { message: m.resp_err_call_closed, status: 400 },
	already_decided: { message: m.resp_err_already_decided, status: 400 },
	invalid_transition: { message: m.resp_err_invalid_transition, status: 400 },
	// A price asked to be confirmed once (domain/responses.ts priceConcern).
	price_zero: { message: m.resp_price_confirm_zero, status: 400, field: 'price' },
	price_over_budget: { message: (f) => m.resp_price_confirm_over({ budget: formatEuros(f.budgetCents ?? 0, getLocale()) }), status: 400, field: 'price' },
	// Its attachments.
	too_many_attachments: { message: m.attach_err_too_many, status: 400 },
	...uploadRefusals('attachment')
} satisfies RefusalTable<string, ResponseFigures>;

export type ResponseRefusal = keyof typeof responseRefusals;
export type ResponseOutcome<T = object> = Outcome<T, ResponseRefusal>;
export const responseRefusalTable: RefusalTable<ResponseRefusal, ResponseFigures> = responseRefusals;

/** What a page adds to an evaluation refusal: whether the form was a decision on a response. */
export interface EvaluationFigures {
	decision: boolean;
}

export const evaluationRefusals = {
	not_found: { message: m.eval_err_not_found, status: 404 },
	// Who may evaluate and decide (calls/policy.ts).
	forbidden: { message: m.eval_err_forbidden, status: 403 },
	not_a_publisher: { message: m.eval_err_not_a_publisher, status: 403 },
	organisation_unverified: { message: m.eval_err_unverified, status: 400 },
	not_a_member: { message: m.eval_err_not_a_member, status: 400 },
	// A response an evaluator may not see is one that does not exist.
	not_an_evaluator: { message: m.eval_err_not_an_evaluator, status: 404 },
	// Conflicts and scores.
	already_declared: { message: m.eval_err_already_declared, status: 400 },
	declare_first: { message: m.eval_err_declare_first, status: 400 },
	conflicted: { message: m.eval_err_conflicted, status: 400 },
	not_scorable_now: { message: m.eval_err_not_scorable_now, status: 400 },
	score_every_criterion: { message: m.eval_err_score_every_criterion, status: 400 },
	score_range: { message: m.eval_err_score_range, status: 400 },
	// Decisions and the call's later stages.
	not_decidable_now: { message: m.eval_err_not_decidable_now, status: 400 },
	undecided_responses: { message: m.eval_err_undecided, status: 400 },
	invalid_transition: { message: (f) => (f.decision ? m.eval_err_already_final() : m.eval_err_invalid_transition()), status: 400 }
} satisfies RefusalTable<string, EvaluationFigures>;

export type EvaluationRefusal = keyof typeof evaluationRefusals;
export type EvaluationOutcome<T = object> = Outcome<T, EvaluationRefusal>;
export const evaluationRefusalTable: RefusalTable<EvaluationRefusal, EvaluationFigures> = evaluationRefusals;
