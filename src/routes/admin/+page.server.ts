import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { recentDecisions, verificationDossiers } from '$lib/server/admin/verification';
import { sirenConflicts } from '$lib/server/organisations/trust-queries';
import { reviewOrganisation } from '$lib/server/organisations/commands';
import { addKnownDomain, removeKnownDomain } from '$lib/server/organisations/domains';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { reviewSchema } from '$lib/schemas/organisations';
import { domainSchema } from '$lib/schemas/trust';
import { reviewRefusalTable } from '$lib/server/organisations/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';
import { latestOutboxFailure, outboxBacklog } from '$lib/server/mail/outbox';

export const load: PageServerLoad = async () => {
	const { user } = requirePlatformAdmin();
	return {
		queue: await verificationDossiers(),
		decisions: await recentDecisions(),
		sirenConflicts: await sirenConflicts(),
		// Mail that has not gone yet: a backlog or failures here mean people miss links and notices.
		outbox: { ...(await outboxBacklog()), latestFailure: await latestOutboxFailure() },
		me: user.id
	};
};

function admin() {
	const { user } = requirePlatformAdmin();
	requireSecondFactor();
	return user;
}

export const actions: Actions = {
	review: async ({ request }) => {
		const user = admin();
		const form = await request.formData();
		const parsed = parseForm(reviewSchema, form);
		const organisationId = String(form.get('organisationId') ?? '');
		if (!parsed.ok) return fail(400, formFailure({ form: organisationId, values: parsed.values, errors: parsed.errors }));
		const result = await reviewOrganisation(
			user,
			parsed.data.organisationId,
			parsed.data.verdict === 'verified' ? { verdict: 'verified' } : { verdict: 'rejected', reason: parsed.data.reason }
		);
		if (!result.ok) return refusalFailure(reviewRefusalTable, result, { form: organisationId });
		return {
			success: parsed.data.verdict === 'verified' ? m.admin_verified_done() : m.admin_rejected_done()
		};
	},
	addDomain: async ({ request }) => {
		const user = admin();
		const parsed = parseForm(domainSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: `domain-${parsed.values.organisationId ?? ''}`, values: parsed.values, errors: parsed.errors }));
		const result = await addKnownDomain(user, parsed.data.organisationId, parsed.data.domain);
		const name = `domain-${parsed.data.organisationId}`;
		// Every refusal of a domain sits beside the domain field.
		if (!result.ok)
			return refusalFailure(reviewRefusalTable, result, { form: name, values: { domain: parsed.data.domain }, fields: { [result.code]: 'domain' } });
		return { form: name, success: m.trust_domain_added({ domain: result.domain }) };
	},
	removeDomain: async ({ request }) => {
		const user = admin();
		const parsed = parseForm(domainSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ message: m.admin_review_gone() }));
		const result = await removeKnownDomain(user, parsed.data.organisationId, parsed.data.domain);
		if (!result.ok) return refusalFailure(reviewRefusalTable, result);
		return { success: m.trust_domain_removed({ domain: parsed.data.domain }) };
	}
};
