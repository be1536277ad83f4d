import { fail, redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { interestsOn, ownProjectsFor, pendingOriginalOf, replicationTree } from '$lib/server/partners/queries';
import { answerInterest, requestInterest, withdrawInterest } from '$lib/server/partners/interests';
import { interestRefusalTable } from '$lib/server/partners/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { replicateProject } from '$lib/server/partners/reuse';
import { reuseOf } from '$lib/server/projects/links';
import { setFlash } from '$lib/server/http/flash';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { interestSchema } from '$lib/schemas/partners';
import { interestRefusal } from '$lib/domain/partners';
import type { Project } from '$lib/server/db/schema';
import type { Role } from '$lib/domain/roles';
import * as m from '$lib/paraglide/messages';

// The project page's rapprochements: who partners it, who replicates it, and the forms to ask or answer.

export async function rapprochementsFor(project: Project, ownerRole: Role | null, acting: App.MembershipSummary | null) {
	const refusal = interestRefusal(acting, project, acting?.id ?? null);
	const [tree, requests, own, ownProjects, reuse, pendingOriginal] = await Promise.all([
		replicationTree(project.id),
		ownerRole === 'admin' ? interestsOn(project.id) : Promise.resolve([]),
		acting && acting.id !== project.proposerOrganisationId ? interestsOn(project.id, acting.id) : Promise.resolve([]),
		refusal === null && acting ? ownProjectsFor(acting.id, project.id) : Promise.resolve([]),
		reuseOf(project.id),
		pendingOriginalOf(project.id)
	]);
	const node = tree.find((n) => n.projectId === project.id);
	return {
		tree,
		original: node?.parentId ? (tree.find((n) => n.projectId === node.parentId) ?? null) : null,
		replicationCount: tree.filter((n) => n.parentId === project.id).length,
		pending: requests.filter((r) => r.status === 'requested'),
		own: own.filter((r) => r.status === 'requested' || r.status === 'accepted' || r.status === 'declined'),
		refusal,
		actingName: acting?.name ?? null,
		ownProjects,
		reuse,
		pendingOriginal,
		canEditReuse: ownerRole !== null && project.status !== 'abandoned',
		// The owner's admins may form a consortium inviting the accepted partners (consortia/new checks again).
		canFormConsortium: ownerRole === 'admin' && ['published', 'consortium_formed', 'funded', 'in_progress'].includes(project.status)
	};
}

export const rapprochementActions = {
	interest: async ({ request, params, locals }) => {
		const { user } = requireUser();
		const parsed = parseForm(interestSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'interest', values: parsed.values, errors: parsed.errors }));
		const acting = locals.actingOrganisation;
		if (!acting) return refusalFailure(interestRefusalTable, { code: 'not_signed_in' }, { form: 'interest' });
		const result = await requestInterest(user, acting.id, params.id, parsed.data.kind, {
			message: parsed.data.message,
			replicaProjectId: parsed.data.replicaProjectId
		});
		if (!result.ok) return refusalFailure(interestRefusalTable, result, { form: 'interest' });
		return { form: 'interest', success: parsed.data.kind === 'join' ? m.interest_join_sent() : m.interest_replicate_sent() };
	},
	answerInterest: async ({ request }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const result = await answerInterest(user, String(form.get('interestId') ?? ''), form.get('answer') === 'accept');
		if (!result.ok) return refusalFailure(interestRefusalTable, result, { form: 'interests' });
		return { form: 'interests', success: form.get('answer') === 'accept' ? m.interest_accepted_done() : m.interest_declined_done() };
	},
	replicate: async ({ params, locals, cookies }) => {
		const { user } = requireUser();
		const acting = locals.actingOrganisation;
		if (!acting) return refusalFailure(interestRefusalTable, { code: 'not_signed_in' }, { form: 'interest' });
		const result = await replicateProject(user, acting.id, params.id);
		if (!result.ok) return refusalFailure(interestRefusalTable, result, { form: 'interest' });
		setFlash(cookies, m.reuse_replicated());
		redirect(303, `/projects/${result.projectId}`);
	},
	withdrawInterest: async ({ request }) => {
		const { user } = requireUser();
		const result = await withdrawInterest(user, String((await request.formData()).get('interestId') ?? ''));
		if (!result.ok) return refusalFailure(interestRefusalTable, result, { form: 'interest' });
		return { form: 'interest', success: m.interest_withdrawn_done() };
	}
} satisfies Actions;
