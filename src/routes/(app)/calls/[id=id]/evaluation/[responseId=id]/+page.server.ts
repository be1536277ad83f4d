import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { attachmentsOf, callDetails, evaluationBoard, responseForViewer } from '$lib/server/calls/queries';
import { scoreResponse, type ScoreInput } from '$lib/server/calls/evaluation';
import { formFailure, formValues, type FieldErrors } from '$lib/schemas/parse';
import { renderMarkdown } from '$lib/markdown';
import { priceConcern } from '$lib/domain/responses';
import { evaluationRefusalTable } from '$lib/server/calls/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

const COMMENT_MAX = 2000;

/**
 * The response as an evaluator of its call sees it. Anyone else — the startup itself, an evaluator
 * who declared a conflict, a stranger — gets the 404 of a response that does not exist.
 */
async function asEvaluator(callId: string, responseId: string) {
	const { user } = requireUser();
	const visible = await responseForViewer(user, callId, responseId);
	if (!visible || visible.viewer !== 'evaluator') error(404, m.error_not_found());
	const details = await callDetails(callId);
	if (!details) error(404, m.error_not_found());
	return { user, visible, ...details };
}

export const load: PageServerLoad = async ({ params }) => {
	const { user, visible, call, criteria } = await asEvaluator(params.id, params.responseId);
	const { response, startup, declared } = visible;
	const board = declared ? await evaluationBoard(call.id, user.id, criteria) : null;
	const myScores = board?.responses.find((r) => r.id === response.id)?.myScores ?? {};
	return {
		call: { id: call.id, title: call.title, status: call.status, closesAt: call.closesAt },
		startupName: startup.name,
		declared,
		// Nothing of the response before the evaluator has declared no conflict with it.
		response: declared
			? {
					id: response.id,
					proposalHtml: renderMarkdown(response.proposal),
					priceCents: response.priceCents,
					priceFlag: priceConcern(response.priceCents, call.budgetCents),
					durationMonths: response.durationMonths,
					team: response.team,
					references: response.references,
					attachments: await attachmentsOf(response.id),
					submittedAt: response.submittedAt
				}
			: null,
		criteria: criteria.map((c) => ({ id: c.id, label: c.label, weight: c.weight })),
		myScores,
		scorable: call.status === 'closed' || call.status === 'evaluating'
	};
};

export const actions: Actions = {
	score: async ({ params, request }) => {
		const { user, visible, criteria } = await asEvaluator(params.id, params.responseId);
		const form = await request.formData();
		const values = formValues(form);
		if (!visible.declared) return refusalFailure(evaluationRefusalTable, { code: 'declare_first' }, { values });
		// One radio group (score-<criterion>) and one comment (comment-<criterion>) per criterion.
		const errors: FieldErrors = {};
		const scores: ScoreInput[] = criteria.map((criterion) => {
			const score = String(form.get(`score-${criterion.id}`) ?? '');
			const comment = String(form.get(`comment-${criterion.id}`) ?? '').trim();
			if (!/^[0-5]$/.test(score)) errors[`score-${criterion.id}`] = m.eval_score_required();
			if (comment.length > COMMENT_MAX) errors[`comment-${criterion.id}`] = m.err_too_long({ max: String(COMMENT_MAX) });
			return { criterionId: criterion.id, score: Number(score), comment };
		});
		if (Object.keys(errors).length) return fail(400, formFailure({ values, errors, message: m.eval_check_scores() }));
		const result = await scoreResponse(user, visible.response.id, scores);
		if (!result.ok) return refusalFailure(evaluationRefusalTable, result, { values });
		return { success: m.eval_scored_done() };
	}
};
