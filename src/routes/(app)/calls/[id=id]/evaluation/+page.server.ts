import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { callDetails, evaluationBoard, evaluatorChoices, isEvaluator, responseForViewer } from '$lib/server/calls/queries';
import { moveCall, setEvaluator } from '$lib/server/calls/commands';
import { declareConflict, decideResponse } from '$lib/server/calls/evaluation';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { decisionSchema } from '$lib/schemas/calls';
import { callStatusLabel } from '$lib/labels';
import { priceConcern } from '$lib/domain/responses';
import { evaluationRefusalTable } from '$lib/server/calls/refusals';
import { mayManageCall, mayOpenEvaluation } from '$lib/server/calls/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

/**
 * Who may be here: the publisher's admins (assign evaluators, rank, decide) and the call's evaluators
 * (declare conflicts, then score). Anyone else is refused; a draft call stays unknown to outsiders.
 */
async function access(callId: string, locals: App.Locals) {
	const { user } = requireUser();
	const details = await callDetails(callId);
	if (!details) error(404, m.error_not_found());
	const membership = locals.organisations.find((o) => o.id === details.publisher.id);
	const isAdmin = mayManageCall(membership?.role).ok;
	const evaluator = await isEvaluator(callId, user.id);
	if (!mayOpenEvaluation(membership?.role, evaluator).ok) {
		if (details.call.status === 'draft' && !membership) error(404, m.error_not_found());
		error(403, m.error_forbidden());
	}
	return { user, ...details, isAdmin, evaluator };
}

async function adminAccess(callId: string, locals: App.Locals) {
	const found = await access(callId, locals);
	if (!found.isAdmin) error(403, m.error_forbidden());
	return found;
}

const DECIDING_STAGES = ['closed', 'evaluating'];
const NEXT_STAGE: Record<string, 'decided' | 'experimenting' | 'evaluated' | undefined> = {
	closed: 'decided',
	evaluating: 'decided',
	decided: 'experimenting',
	experimenting: 'evaluated'
};

export const load: PageServerLoad = async ({ params, locals }) => {
	const { user, call, publisher, criteria, isAdmin, evaluator } = await access(params.id, locals);
	const board = await evaluationBoard(call.id, evaluator ? user.id : null, criteria);
	const undecided = isAdmin ? board.responses.filter((r) => r.status === 'submitted' || r.status === 'shortlisted').length : 0;
	// Responses stay sealed until the deadline: until then an evaluator's page data holds none of them
	// (not even who answered), since everything `load` returns is serialised into the page.
	const sealed = call.status === 'draft' || call.status === 'open';
	return {
		call: { id: call.id, title: call.title, status: call.status, closesAt: call.closesAt },
		publisher: { name: publisher.name, slug: publisher.slug },
		isAdmin,
		isEvaluator: evaluator,
		evaluators: isAdmin ? await evaluatorChoices(call.id, publisher.id) : [],
		// The ranking and the other evaluators' work are for the publisher's admins only.
		ranking: isAdmin
			? board.responses.map((r) => ({
					id: r.id,
					startupName: r.startupName,
					status: r.status,
					justification: r.justification,
					mean: r.mean,
					evaluatorsDone: r.evaluatorsDone,
					conflicts: r.conflicts,
					priceFlag: priceConcern(r.priceCents, call.budgetCents)
				}))
			: [],
		canDecide: isAdmin && DECIDING_STAGES.includes(call.status),
		undecided,
		nextStage: isAdmin ? (NEXT_STAGE[call.status] ?? null) : null,
		reviews:
			evaluator && !sealed
				? board.responses.map((r) => ({
						id: r.id,
						startupName: r.startupName,
						declaration: r.myDeclaration,
						scored: criteria.length > 0 && criteria.every((c) => c.id in r.myScores)
					}))
				: [],
		scorable: DECIDING_STAGES.includes(call.status)
	};
};

export const actions: Actions = {
	evaluator: async ({ params, locals, request }) => {
		const { user, call } = await adminAccess(params.id, locals);
		const form = await request.formData();
		const assigned = form.get('assigned') === 'true';
		const result = await setEvaluator(user, call.id, String(form.get('userId') ?? ''), assigned);
		if (!result.ok) return refusalFailure(evaluationRefusalTable, result, { form: 'evaluators' });
		return { form: 'evaluators', success: assigned ? m.eval_assigned_done() : m.eval_unassigned_done() };
	},
	decide: async ({ params, locals, request }) => {
		const { user, call, criteria } = await adminAccess(params.id, locals);
		const form = await request.formData();
		const responseId = String(form.get('responseId') ?? '');
		const which = `decision-${responseId}`;
		const parsed = parseForm(decisionSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: which, values: parsed.values, errors: parsed.errors }));
		// The response must be one of this call's: the board lists exactly those.
		const board = await evaluationBoard(call.id, null, criteria);
		if (!board.responses.some((r) => r.id === parsed.data.responseId)) {
			return refusalFailure(evaluationRefusalTable, { code: 'not_found' }, { form: which, values: formValues(form) });
		}
		const result = await decideResponse(user, parsed.data.responseId, parsed.data.decision, parsed.data.justification);
		if (!result.ok) return refusalFailure(evaluationRefusalTable, result, { form: which, values: formValues(form), figures: { decision: true } });
		return { form: 'decisions', success: m.eval_decided_done() };
	},
	move: async ({ params, locals, request }) => {
		const { user, call } = await adminAccess(params.id, locals);
		const to = String((await request.formData()).get('to') ?? '');
		if (to !== 'decided' && to !== 'experimenting' && to !== 'evaluated') {
			return fail(400, formFailure({ form: 'progress', message: m.err_choice() }));
		}
		// A call is decided after being evaluated; one that closed without any score gets there in two steps.
		if (to === 'decided' && call.status === 'closed') {
			const evaluating = await moveCall(user, call.id, 'evaluating');
			if (!evaluating.ok) return refusalFailure(evaluationRefusalTable, evaluating, { form: 'progress' });
		}
		const result = await moveCall(user, call.id, to);
		if (!result.ok) return refusalFailure(evaluationRefusalTable, result, { form: 'progress' });
		return { form: 'progress', success: m.eval_moved_done({ status: callStatusLabel(to) }) };
	},
	declare: async ({ params, locals, request }) => {
		const { user, evaluator } = await access(params.id, locals);
		if (!evaluator) error(403, m.error_forbidden());
		const form = await request.formData();
		const responseId = String(form.get('responseId') ?? '');
		const answer = form.get('conflict');
		if (answer !== 'yes' && answer !== 'no') return fail(400, formFailure({ form: 'reviews', message: m.err_choice() }));
		// Only a response of this call, that this evaluator may see (a member of the startup may not judge it).
		const visible = await responseForViewer(user, params.id, responseId);
		if (!visible || visible.viewer !== 'evaluator') return refusalFailure(evaluationRefusalTable, { code: 'not_an_evaluator' }, { form: 'reviews' });
		const result = await declareConflict(user, responseId, answer === 'yes');
		if (!result.ok) return refusalFailure(evaluationRefusalTable, result, { form: 'reviews' });
		return { form: 'reviews', success: answer === 'yes' ? m.eval_declared_conflict_done() : m.eval_declared_none_done() };
	}
};
