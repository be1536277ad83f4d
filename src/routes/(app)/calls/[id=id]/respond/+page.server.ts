import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { attachmentsOf, callDetails, ownScores, responseOf } from '$lib/server/calls/queries';
import { removeAttachment, saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { receiptsOf } from '$lib/server/calls/receipts';
import { awardOf, selectedScores } from '$lib/server/calls/award';
import { attachmentKinds, type AttachmentKind } from '$lib/domain/responses';
import { MAX_ATTACHMENT_BYTES, storePdf } from '$lib/server/uploads/store';
import { formFailure, formValues, parseForm, type FieldErrors } from '$lib/schemas/parse';
import { responseSchema } from '$lib/schemas/calls';
import { acceptsResponses } from '$lib/domain/calls';
import { renderMarkdown } from '$lib/markdown';
import { eligibilityOfCoordinated, type Eligibility } from '$lib/server/consortia/eligibility';
import { responseRefusalTable } from '$lib/server/calls/refusals';
import { respondsAs } from '$lib/server/calls/policy';
import { refusalFailure, refusalState } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

const MAX_MB = String(MAX_ATTACHMENT_BYTES / 1024 / 1024);
/** From this stage on, the startup may read its decision, the justification and its scores. */
const DECIDED_STAGES = ['decided', 'experimenting', 'evaluated'];

/** The call, if it has been published: a draft call cannot be answered, nor shown to startups. */
async function publishedCall(callId: string) {
	const details = await callDetails(callId);
	if (!details || details.call.status === 'draft') error(404, m.error_not_found());
	return details.call;
}

/** The startup the user acts for; only its own response is ever read or written here. */
function actingStartup(locals: App.Locals) {
	const acting = locals.actingOrganisation;
	return acting?.kind === 'startup' ? acting : null;
}

type PublishedCall = NonNullable<Awaited<ReturnType<typeof callDetails>>>['call'];

/**
 * Who answers: for a call for experimentation, the acting startup; for a call to consortia, the acting
 * organisation on behalf of one consortium it coordinates (`wanted`, else the one of its response,
 * else the first). The commands check again that it coordinates it.
 */
async function respondentOf(locals: App.Locals, call: PublishedCall, wanted: string | null) {
	if (call.audience !== 'consortia') return { respondent: actingStartup(locals), consortium: null, coordinated: [] as Eligibility[] };
	const acting = locals.actingOrganisation;
	if (!acting) return { respondent: null, consortium: null, coordinated: [] as Eligibility[] };
	const coordinated = await eligibilityOfCoordinated(acting.id, call);
	const own = await responseOf(call.id, acting.id);
	const consortium =
		coordinated.find((e) => e.consortiumId === wanted) ?? coordinated.find((e) => e.consortiumId === own?.consortiumId) ?? coordinated[0] ?? null;
	return { respondent: consortium ? acting : null, consortium, coordinated };
}

/** The selected responses' scores, for a startup to compare its own with (its own left out). */
async function winnersOtherThan(call: PublishedCall, ownId: string) {
	const award = await awardOf(call);
	if (!award) return [];
	return selectedScores(call.id, { ...award, selected: award.selected.filter((s) => s.responseId !== ownId) });
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	requireUser();
	const call = await publishedCall(params.id);
	const { respondent: startup, consortium, coordinated } = await respondentOf(locals, call, url.searchParams.get('consortium'));
	const own = startup ? await responseOf(call.id, startup.id) : undefined;
	const now = new Date();
	const decided = DECIDED_STAGES.includes(call.status) && own && (own.status === 'selected' || own.status === 'rejected');
	const [attachments, receipts] = own ? await Promise.all([attachmentsOf(own.id), receiptsOf(own.id)]) : [[], []];
	return {
		call: {
			id: call.id,
			title: call.title,
			status: call.status,
			opensAt: call.opensAt,
			closesAt: call.closesAt,
			durationMonths: call.durationMonths,
			audience: call.audience
		},
		startup: startup && { name: startup.name, verified: startup.verificationStatus === 'verified' },
		consortium: consortium && {
			id: consortium.consortiumId,
			name: consortium.name,
			active: consortium.active,
			eligible: consortium.eligible,
			members: { holds: consortium.report.members.holds, count: consortium.report.members.count, required: consortium.report.members.required },
			departements: {
				holds: consortium.report.departements.holds,
				count: consortium.report.departements.covered.length,
				required: consortium.report.departements.required
			},
			outside: consortium.report.regions.outside.length
		},
		otherConsortia: coordinated.filter((e) => e.consortiumId !== consortium?.consortiumId).map((e) => ({ id: e.consortiumId, name: e.name })),
		accepting: acceptsResponses(call.status, call.opensAt, call.closesAt, now),
		notYetOpen: call.status === 'open' && now < call.opensAt,
		response: own && {
			id: own.id,
			status: own.status,
			proposal: own.proposal,
			proposalHtml: renderMarkdown(own.proposal),
			priceCents: own.priceCents,
			durationMonths: own.durationMonths,
			team: own.team,
			references: own.references,
			attachments,
			receipts: receipts.map((r) => ({ id: r.id, kind: r.kind, at: r.at })),
			submittedAt: own.submittedAt,
			updatedAt: own.updatedAt
		},
		decision: decided ? { justification: own.justification, scores: await ownScores(call.id, own.id), winners: await winnersOtherThan(call, own.id) } : null,
		maxAttachmentMb: MAX_MB
	};
};

/** The name the startup gave a document, made safe for a download, or the file's own. */
function documentName(given: string, fallback: string) {
	const base = given
		.trim()
		.slice(0, 120)
		.replace(/\.pdf$/i, '')
		.replace(/[^\p{L}\p{N} ._()'’-]/gu, '_')
		.trim();
	return base ? `${base}.pdf` : fallback;
}

/**
 * Validates the form, keeps the PDF if one was given, and saves the response of the acting startup.
 * The commands check again who may write, and whether the call still accepts responses.
 */
async function saveFromForm({ params, request, locals, url }: RequestEvent) {
	const { user } = requireUser();
	const call = (await callDetails(params.id))?.call;
	const form = await request.formData();
	const values = formValues(form);
	const upload = form.get('attachment');
	// No file chosen comes as a nameless empty part; a chosen file that is empty has a name, and is refused.
	const file = upload instanceof File && (upload.size > 0 || upload.name !== '') ? upload : null;
	// A browser never refills a file input: say so whenever the chosen file was not kept.
	const reselect: FieldErrors = file ? { attachment: m.attach_reselect() } : {};
	if (!call) return { failure: refusalFailure(responseRefusalTable, { code: 'not_found' }, { form: 'response', values }) };
	const wanted = String(form.get('consortiumId') ?? '') || url.searchParams.get('consortium');
	const { respondent: startup, consortium } = await respondentOf(locals, call, wanted);
	if (!startup) return { failure: refusalFailure(responseRefusalTable, { code: respondsAs(call.audience) }, { form: 'response', values }) };
	const parsed = parseForm(responseSchema, form);
	if (!parsed.ok) return { failure: fail(400, formFailure({ form: 'response', values, errors: { ...reselect, ...parsed.errors } })) };
	let attachment = null;
	if (file) {
		const stored = await storePdf(file);
		if (!stored.ok) return { failure: refusalFailure(responseRefusalTable, stored, { form: 'response', values }) };
		const kind = attachmentKinds.find((k): k is AttachmentKind => k === form.get('attachmentKind')) ?? 'other';
		attachment = { ...stored, kind, name: documentName(String(form.get('attachmentName') ?? ''), stored.name) };
	}
	// On refusal, saveResponse deletes the file it was given.
	const result = await saveResponse(user, params.id, startup.id, parsed.data, attachment, new Date(), consortium?.consortiumId ?? null);
	if (!result.ok) {
		const failed = refusalState(responseRefusalTable, result, { form: 'response', values, errors: reselect, figures: { budgetCents: call.budgetCents ?? 0 } });
		// A price is asked to be confirmed once: the form comes back with the price flagged and a box to tick.
		const priceConfirm = result.code === 'price_zero' || result.code === 'price_over_budget';
		return { failure: fail(responseRefusalTable[result.code].status, priceConfirm ? { ...failed, priceConfirm } : failed) };
	}
	return { user, startup, responseId: result.id };
}

export const actions: Actions = {
	save: async (event) => {
		const saved = await saveFromForm(event);
		if ('failure' in saved) return saved.failure;
		const own = await responseOf(event.params.id, saved.startup.id);
		return { form: 'response', success: own?.status === 'submitted' ? m.resp_saved_submitted() : m.resp_saved_draft() };
	},
	submit: async (event) => {
		const saved = await saveFromForm(event);
		if ('failure' in saved) return saved.failure;
		const result = await submitResponse(saved.user, saved.responseId);
		if (!result.ok) return refusalFailure(responseRefusalTable, result, { form: 'response' });
		return { form: 'response', success: m.resp_submitted_done() };
	},
	removeAttachment: async ({ request }) => {
		const { user } = requireUser();
		const result = await removeAttachment(user, String((await request.formData()).get('attachmentId') ?? ''));
		if (!result.ok) return refusalFailure(responseRefusalTable, result, { form: 'attachments' });
		return { form: 'attachments', success: m.attach_removed_done() };
	},
	withdraw: async ({ params, locals, request }) => {
		const { user } = requireUser();
		if ((await request.formData()).get('confirm') !== 'yes') return fail(400, formFailure({ form: 'withdraw', message: m.resp_withdraw_unconfirmed() }));
		const consortia = (await callDetails(params.id))?.call.audience === 'consortia';
		const startup = consortia ? locals.actingOrganisation : actingStartup(locals);
		if (!startup) return refusalFailure(responseRefusalTable, { code: consortia ? 'coordinators_only' : 'startups_only' }, { form: 'withdraw' });
		const own = await responseOf(params.id, startup.id);
		if (!own) return refusalFailure(responseRefusalTable, { code: 'not_found' }, { form: 'withdraw' });
		const result = await withdrawResponse(user, own.id);
		if (!result.ok) return refusalFailure(responseRefusalTable, result, { form: 'withdraw' });
		return { form: 'withdraw', success: m.resp_withdrawn_done() };
	}
};
