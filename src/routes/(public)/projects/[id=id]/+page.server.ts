import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { coproposerCandidates, projectDetails } from '$lib/server/projects/queries';
import { answerCoproposal, inviteCoproposer, transitionProject } from '$lib/server/projects/commands';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { projectTransitionSchema } from '$lib/schemas/projects';
import { nextProjectStatuses } from '$lib/domain/projects';
import { renderMarkdown } from '$lib/markdown';
import { projectRefusalTable } from '$lib/server/projects/refusals';
import { mayAnswerCoproposal, mayEditProject, mayManageProject, mayPublishProject, maySeeProject } from '$lib/server/projects/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';
import { rapprochementsFor, rapprochementActions } from './rapprochements.server';
import { documentActions, documentsFor } from './documents.server';
import { followAction, followingOf } from '$lib/server/follow-form';
import { metaDescription } from '$lib/meta';

export const load: PageServerLoad = async ({ params, locals }) => {
	const details = await projectDetails(params.id);
	if (!details) error(404, m.error_not_found());
	const { project, proposer } = details;
	const role = locals.organisations.find((o) => o.id === proposer.id)?.role ?? null;
	// A draft is visible to the proposing organisation only.
	if (!maySeeProject(project.status, role, locals.user?.isPlatformAdmin)) error(404, m.error_not_found());
	const adminOf = new Set(locals.organisations.filter((o) => mayAnswerCoproposal(o.role).ok).map((o) => o.id));
	return {
		description: metaDescription(project.summary),
		project: {
			id: project.id,
			title: project.title,
			summary: project.summary,
			descriptionHtml: renderMarkdown(project.description),
			theme: project.theme,
			status: project.status,
			estimatedBudgetCents: project.estimatedBudgetCents,
			seekingPartners: project.seekingPartners,
			publishedAt: project.publishedAt
		},
		proposer: { name: proposer.name, slug: proposer.slug },
		departements: details.departements,
		coproposers: details.coproposers.filter((c) => c.status === 'accepted'),
		pendingCoproposers: role ? details.coproposers.filter((c) => c.status === 'invited') : [],
		invitationsToAnswer: details.coproposers.filter((c) => c.status === 'invited' && adminOf.has(c.organisationId)),
		canEdit: mayEditProject(role, project.status).ok,
		canPublish: mayPublishProject(role, project.status).ok,
		transitions: mayManageProject(role).ok ? nextProjectStatuses(project.status).filter((s) => s !== 'published') : [],
		candidates: mayManageProject(role).ok && project.status !== 'abandoned' ? await coproposerCandidates(project.id, proposer.id) : [],
		rapprochements: await rapprochementsFor(project, role, locals.actingOrganisation),
		documents: await documentsFor(project, role),
		// Drafts cannot be followed (setFollowing refuses them too): the form shows on public projects.
		followable: project.status !== 'draft',
		following: await followingOf(locals.user, 'project', project.id)
	};
};

export const actions: Actions = {
	transition: async ({ request, params }) => {
		const { user } = requireUser();
		const parsed = parseForm(projectTransitionSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'status', message: m.err_choice() }));
		const result = await transitionProject(user, params.id, parsed.data.to);
		if (!result.ok) return refusalFailure(projectRefusalTable, result, { form: 'status' });
		return { form: 'status', success: parsed.data.to === 'published' ? m.project_published_done() : m.project_status_done() };
	},
	invite: async ({ request, params }) => {
		const { user } = requireUser();
		const organisationId = String((await request.formData()).get('organisationId') ?? '');
		const result = await inviteCoproposer(user, params.id, organisationId);
		if (!result.ok) return refusalFailure(projectRefusalTable, result, { form: 'coproposers' });
		return { form: 'coproposers', success: m.project_coproposer_invited() };
	},
	answer: async ({ request, params }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const accept = form.get('answer') === 'accept';
		const result = await answerCoproposal(user, params.id, String(form.get('organisationId') ?? ''), accept);
		if (!result.ok) return refusalFailure(projectRefusalTable, result, { form: 'answer' });
		return { form: 'answer', success: accept ? m.project_coproposal_accepted() : m.project_coproposal_declined() };
	},
	follow: followAction('project'),
	addDocument: documentActions.addDocument,
	markDocument: documentActions.markDocument,
	removeDocument: documentActions.removeDocument,
	...rapprochementActions
};
