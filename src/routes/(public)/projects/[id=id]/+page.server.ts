import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { coproposerCandidates, projectDetails } from '$lib/server/projects/queries';
import { answerCoproposal, inviteCoproposer, transitionProject } from '$lib/server/projects/commands';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { projectTransitionSchema } from '$lib/schemas/projects';
import { nextProjectStatuses, projectEditable } from '$lib/domain/projects';
import { renderMarkdown } from '$lib/markdown';
import { projectRefusal } from '$lib/server/projects/refusals';
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
	if (project.status === 'draft' && !role && !locals.user?.isPlatformAdmin) error(404, m.error_not_found());
	const adminOf = new Set(locals.organisations.filter((o) => o.role === 'admin').map((o) => o.id));
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
		canEdit: Boolean(role) && projectEditable(project.status),
		canPublish: Boolean(role) && project.status === 'draft',
		transitions: role === 'admin' ? nextProjectStatuses(project.status).filter((s) => s !== 'published') : [],
		candidates: role === 'admin' && project.status !== 'abandoned' ? await coproposerCandidates(project.id, proposer.id) : [],
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
		if (!result.ok) return fail(400, formFailure({ form: 'status', message: projectRefusal(result.code) }));
		return { form: 'status', success: parsed.data.to === 'published' ? m.project_published_done() : m.project_status_done() };
	},
	invite: async ({ request, params }) => {
		const { user } = requireUser();
		const organisationId = String((await request.formData()).get('organisationId') ?? '');
		const result = await inviteCoproposer(user, params.id, organisationId);
		if (!result.ok) return fail(400, formFailure({ form: 'coproposers', message: projectRefusal(result.code) }));
		return { form: 'coproposers', success: m.project_coproposer_invited() };
	},
	answer: async ({ request, params }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const accept = form.get('answer') === 'accept';
		const result = await answerCoproposal(user, params.id, String(form.get('organisationId') ?? ''), accept);
		if (!result.ok) return fail(400, formFailure({ form: 'answer', message: projectRefusal(result.code) }));
		return { form: 'answer', success: accept ? m.project_coproposal_accepted() : m.project_coproposal_declined() };
	},
	follow: followAction('project'),
	addDocument: documentActions.addDocument,
	markDocument: documentActions.markDocument,
	removeDocument: documentActions.removeDocument,
	...rapprochementActions
};
