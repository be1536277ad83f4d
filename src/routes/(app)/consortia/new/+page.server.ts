import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { createConsortium } from '$lib/server/consortia/commands';
import { listPublicProjects, placeOptions, projectDetails } from '$lib/server/projects/queries';
import { partnersOf, replicationsOf } from '$lib/server/projects/links';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { consortiumSchema } from '$lib/schemas/consortia';
import { setFlash } from '$lib/server/http/flash';
import { consortiumRefusalTable } from '$lib/server/consortia/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { mayCreateConsortium } from '$lib/server/consortia/policy';
import * as m from '$lib/paraglide/messages';

/** Projects a consortium can be formed around: published and not yet finished. */
const LINKABLE = ['published', 'consortium_formed', 'funded', 'in_progress'];

/** Why the acting organisation cannot create a consortium, or null when it can (createConsortium asks it again). */
function obstacle(acting: App.MembershipSummary | null) {
	const creating = mayCreateConsortium(acting, acting?.role);
	if (creating.ok) return null;
	if (creating.code === 'forbidden') return m.consortium_err_need_admin({ organisation: acting?.name ?? '' });
	return creating.code === 'organisation_unverified' ? m.consortium_err_organisation_unverified() : m.consortium_err_need_local_authority();
}

/**
 * "From a project's partners": the acting city's own project, its accepted partners and the cities whose replication
 * it accepted, to invite in one step (each once, with why it is offered).
 */
async function fromProject(projectId: string | null, acting: App.MembershipSummary) {
	if (!projectId) return null;
	const details = await projectDetails(projectId.slice(0, 64));
	if (!details || details.project.proposerOrganisationId !== acting.id || !LINKABLE.includes(details.project.status)) return null;
	const [partners, replications] = await Promise.all([partnersOf([projectId]), replicationsOf([projectId])]);
	const offered = new Map<string, { id: string; name: string; partner: boolean; replicates: boolean }>();
	for (const p of partners.get(projectId) ?? []) offered.set(p.organisationId, { id: p.organisationId, name: p.name, partner: true, replicates: false });
	for (const r of replications.get(projectId) ?? []) {
		const known = offered.get(r.organisationId);
		offered.set(r.organisationId, { id: r.organisationId, name: r.name, partner: known?.partner ?? false, replicates: true });
	}
	return {
		id: projectId,
		title: details.project.title,
		summary: details.project.summary,
		partners: [...offered.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'))
	};
}

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser();
	const acting = locals.actingOrganisation;
	const refusal = obstacle(acting);
	if (refusal || !acting) return { refusal, regions: [], projects: [], origin: null };
	const [places, { projects }, origin] = await Promise.all([
		placeOptions(),
		listPublicProjects({ sort: 'title' }, 0, 500),
		fromProject(url.searchParams.get('project'), acting)
	]);
	return {
		refusal,
		regions: places.regions,
		projects: projects.filter((p) => LINKABLE.includes(p.status)).map((p) => ({ id: p.id, title: p.title, proposer: p.proposerName })),
		origin
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(consortiumSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values, errors: parsed.errors }));
		const acting = locals.actingOrganisation;
		const refusal = obstacle(acting);
		if (!acting || refusal) return fail(403, formFailure({ values, message: refusal ?? m.consortium_err_need_local_authority() }));
		const partnerIds = form
			.getAll('partnerIds')
			.filter((id): id is string => typeof id === 'string')
			.slice(0, 100);
		const result = await createConsortium(user, acting.id, parsed.data, partnerIds);
		if (!result.ok) return refusalFailure(consortiumRefusalTable, result, { values });
		setFlash(cookies, m.consortium_created());
		redirect(303, `/consortia/${result.id}`);
	}
};
