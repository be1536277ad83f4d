import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, parseForm } from '$lib/schemas/parse';
import {
	claimCitySchema,
	claimIntercommunalitySchema,
	partnerSchema,
	startupSchema
} from '$lib/schemas/organisations';
import { searchCommunes, searchEpcis } from '$lib/server/organisations/queries';
import {
	claimCity,
	claimIntercommunality,
	createCompanyOrPartner,
	type Outcome
} from '$lib/server/organisations/commands';
import { setFlash } from '$lib/server/http/flash';
import * as m from '$lib/paraglide/messages';

const kinds = ['city', 'intercommunality', 'startup', 'partner'] as const;
type Kind = (typeof kinds)[number];

export const load: PageServerLoad = async ({ url }) => {
	const { user } = requireUser();
	const requested = url.searchParams.get('kind');
	// No kind chosen yet (as after confirming one's address): the page asks, rather than presuming a commune.
	const kind: Kind | null = kinds.includes(requested as Kind) ? (requested as Kind) : null;
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	return {
		kind,
		q,
		emailVerified: Boolean(user.emailVerifiedAt),
		communes: kind === 'city' ? await searchCommunes(q) : [],
		epcis: kind === 'intercommunality' ? await searchEpcis(q) : []
	};
};

function refusal(code: string) {
	switch (code) {
		case 'email_unverified':
			return m.err_email_unverified();
		case 'already_claimed':
			return m.err_already_claimed();
		case 'unknown_commune':
			return m.err_choose_commune();
		case 'unknown_epci':
			return m.err_choose_epci();
		default:
			return m.error_generic();
	}
}

function finish(cookies: Parameters<Actions[string]>[0]['cookies'], result: Outcome<{ slug: string }>, values: Record<string, string>) {
	if (!result.ok) return fail(400, formFailure({ values, message: refusal(result.code) }));
	setFlash(cookies, m.org_created());
	redirect(303, `/organisations/${result.slug}`);
}

export const actions: Actions = {
	city: async ({ request, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(claimCitySchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors, message: parsed.errors.inseeCode }));
		return finish(cookies, await claimCity(user, parsed.data.inseeCode), {});
	},
	intercommunality: async ({ request, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(claimIntercommunalitySchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors, message: parsed.errors.siren }));
		return finish(cookies, await claimIntercommunality(user, parsed.data.siren), {});
	},
	startup: async ({ request, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(startupSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await createCompanyOrPartner(user, { kind: 'startup', ...parsed.data });
		return finish(cookies, result, { name: parsed.data.name, description: parsed.data.description });
	},
	partner: async ({ request, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(partnerSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await createCompanyOrPartner(user, { kind: 'partner', nafCode: null, ...parsed.data });
		return finish(cookies, result, { name: parsed.data.name, description: parsed.data.description });
	}
};
