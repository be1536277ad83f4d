import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { callDetails, isEvaluator, questionsOf, responseOf } from '$lib/server/calls/queries';
import { awardOf } from '$lib/server/calls/award';
import { isFollowing, setFollowing } from '$lib/server/follows/follows';
import { questionsCloseAt } from '$lib/domain/call-questions';
import { answerQuestion, askQuestion, extendDeadline, publishCall } from '$lib/server/calls/commands';
import { callDocumentRefusalTable, callRefusalTable } from '$lib/server/calls/refusals';
import { mayAnswerQuestions, mayChangeDocuments, mayOpenEvaluation, maySeeCall } from '$lib/server/calls/policy';
import { refusalFailure, refusalState } from '$lib/server/shared/refusal';
import { addCallDocument, changesOf, documentsOf, removeCallDocument } from '$lib/server/calls/documents';
import { bodyTooLarge, storeChosenPdf } from '$lib/server/uploads/form';
import { MAX_ATTACHMENT_BYTES } from '$lib/server/uploads/store';
import { callDocumentSchema, removeCallDocumentSchema } from '$lib/schemas/call-documents';
import { documentFileName } from '$lib/domain/call-documents';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { answerSchema, extendSchema, questionSchema } from '$lib/schemas/calls';
import { acceptsResponses, checkSchedule, warnInnovativePurchase } from '$lib/domain/calls';
import { toParisInput } from '$lib/domain/dates';
import { renderMarkdown } from '$lib/markdown';
import { eligibilityOfCoordinated } from '$lib/server/consortia/eligibility';
import { placeOptions } from '$lib/server/projects/queries';
import * as m from '$lib/paraglide/messages';
import { metaDescription } from '$lib/meta';

export const load: PageServerLoad = async ({ params, locals }) => {
	const details = await callDetails(params.id);
	if (!details) error(404, m.error_not_found());
	const { call, publisher, criteria } = details;
	const role = locals.organisations.find((o) => o.id === publisher.id)?.role ?? null;
	if (!maySeeCall(call.status, role, locals.user?.isPlatformAdmin)) error(404, m.error_not_found());
	const acting = locals.actingOrganisation;
	const forConsortia = call.audience === 'consortia';
	const startup = !forConsortia && acting?.kind === 'startup' ? acting : null;
	// For a call to consortia: the consortia the acting organisation coordinates, and what each lacks.
	const coordinated = forConsortia && acting ? await eligibilityOfCoordinated(acting.id, call) : [];
	const regionNames = forConsortia && call.eligibilityAllowedRegions.length ? new Map((await placeOptions()).regions.map((r) => [r.code, r.name])) : null;
	const schedule = checkSchedule(call.opensAt, call.closesAt);
	const evaluator = locals.user ? await isEvaluator(call.id, locals.user.id) : false;
	const own = startup ? await responseOf(call.id, startup.id) : undefined;
	const consortiumResponse = coordinated.length && acting ? await responseOf(call.id, acting.id) : undefined;
	return {
		description: metaDescription(call.challenge),
		call: {
			id: call.id,
			title: call.title,
			challengeHtml: renderMarkdown(call.challenge),
			theme: call.theme,
			status: call.status,
			budgetCents: call.budgetCents,
			durationMonths: call.durationMonths,
			legalFrame: call.legalFrame,
			opensAt: call.opensAt,
			closesAt: call.closesAt,
			audience: call.audience
		},
		eligibility: forConsortia
			? {
					minMembers: call.eligibilityMinMembers ?? 2,
					minDepartements: call.eligibilityMinDepartements ?? 2,
					allowedRegions: call.eligibilityAllowedRegions.map((code) => regionNames?.get(code) ?? code)
				}
			: null,
		coordinated: coordinated.map((e) => ({
			id: e.consortiumId,
			name: e.name,
			active: e.active,
			eligible: e.eligible,
			members: { holds: e.report.members.holds, count: e.report.members.count, required: e.report.members.required },
			departements: { holds: e.report.departements.holds, count: e.report.departements.covered.length, required: e.report.departements.required },
			outside: e.report.regions.outside.length
		})),
		signedIn: Boolean(locals.user),
		acting: acting ? { name: acting.name, kind: acting.kind } : null,
		consortiumResponse: consortiumResponse ? { status: consortiumResponse.status, consortiumId: consortiumResponse.consortiumId } : null,
		publisher: { name: publisher.name, slug: publisher.slug },
		consortium: details.consortium?.id ? details.consortium : null,
		criteria: criteria.map((c) => ({ id: c.id, label: c.label, weight: c.weight })),
		questions: await questionsOf(call.id, mayAnswerQuestions(role).ok),
		role,
		accepting: acceptsResponses(call.status, call.opensAt, call.closesAt, new Date()),
		startup: startup && { name: startup.name, verified: startup.verificationStatus === 'verified', responseStatus: own?.status ?? null },
		canEvaluate: mayOpenEvaluation(role, evaluator).ok,
		warnings: role
			? {
					short: schedule.ok && schedule.warnShort,
					innovativePurchase: warnInnovativePurchase(call.legalFrame, call.budgetCents)
				}
			: null,
		closesAtInput: toParisInput(call.closesAt),
		award: await awardOf(call),
		questionsCloseAt: questionsCloseAt(call),
		questionsOpen: call.status === 'open' && new Date() < questionsCloseAt(call),
		following: locals.user ? await isFollowing(locals.user.id, 'call', call.id) : false,
		documents: await documentsOf(call.id),
		changes: call.status === 'draft' ? [] : await changesOf(call.id),
		mayChangeDocuments: mayChangeDocuments(role, call.status).ok,
		maxDocumentMb: String(MAX_ATTACHMENT_BYTES / 1024 / 1024)
	};
};

export const actions: Actions = {
	publish: async ({ params }) => {
		const { user } = requireUser();
		const result = await publishCall(user, params.id);
		// Someone who may not manage the call is refused as such (403), not told their request was malformed.
		if (!result.ok) return refusalFailure(callRefusalTable, result, { form: 'manage', fields: { criteria_sum_not_100: null } });
		return { form: 'manage', success: m.call_published_done() };
	},
	extend: async ({ params, request }) => {
		const { user } = requireUser();
		const parsed = parseForm(extendSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'manage', values: parsed.values, errors: parsed.errors }));
		const result = await extendDeadline(user, params.id, parsed.data.closesAt);
		if (!result.ok) return refusalFailure(callRefusalTable, result, { form: 'manage' });
		return { form: 'manage', success: m.call_extended_done() };
	},
	follow: async ({ params, request }) => {
		const { user } = requireUser();
		const following = (await request.formData()).get('following') === 'yes';
		const result = await setFollowing(user, 'call', params.id, following);
		if (!result.ok) return fail(404, formFailure({ form: 'follow', message: m.error_not_found() }));
		return { form: 'follow', success: following ? m.follow_started() : m.follow_stopped() };
	},
	addDocument: async ({ params, request }) => {
		const { user } = requireUser();
		// A body larger than any PDF we keep is refused before it is read.
		if (bodyTooLarge(request)) return fail(413, refusalState(callDocumentRefusalTable, { code: 'too_large' }, { form: 'documents' }));
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(callDocumentSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'documents', values: parsed.values, errors: parsed.errors }));
		const stored = await storeChosenPdf(form, 'document');
		if (!stored.ok) return refusalFailure(callDocumentRefusalTable, stored, { form: 'documents', values });
		const named = { ...stored, name: documentFileName(parsed.data.name, stored.name) };
		// On refusal, addCallDocument deletes the file it was given.
		const result = await addCallDocument(user, params.id, named, parsed.data.note);
		if (!result.ok) return refusalFailure(callDocumentRefusalTable, result, { form: 'documents', values });
		return { form: 'documents', success: m.calldoc_added_done() };
	},
	removeDocument: async ({ params, request }) => {
		const { user } = requireUser();
		const parsed = parseForm(removeCallDocumentSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'documents', message: m.error_not_found() }));
		const result = await removeCallDocument(user, params.id, parsed.data.documentId, parsed.data.note);
		if (!result.ok) return refusalFailure(callDocumentRefusalTable, result, { form: 'documents' });
		return { form: 'documents', success: m.calldoc_removed_done() };
	},
	ask: async ({ params, request, locals }) => {
		const { user } = requireUser();
		const parsed = parseForm(questionSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'ask', values: parsed.values, errors: parsed.errors }));
		const acting = locals.actingOrganisation;
		const result = await askQuestion(user, params.id, acting?.id ?? '', parsed.data.question);
		if (!result.ok) return refusalFailure(callRefusalTable, result, { form: 'ask', values: { question: parsed.data.question } });
		return { form: 'ask', success: m.call_question_sent() };
	},
	answer: async ({ params, request }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const parsed = parseForm(answerSchema, form);
		const questionId = String(form.get('questionId') ?? '');
		if (!parsed.ok) return fail(400, formFailure({ form: `answer-${questionId}`, values: parsed.values, errors: parsed.errors }));
		const result = await answerQuestion(user, params.id, parsed.data.questionId, parsed.data.answer);
		if (!result.ok) return refusalFailure(callRefusalTable, result, { form: `answer-${questionId}` });
		return { form: 'questions', success: m.call_answer_published() };
	}
};
