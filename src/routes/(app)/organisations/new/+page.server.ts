import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, parseForm, type FieldErrors } from '$lib/schemas/parse';
import { claimCitySchema, claimIntercommunalitySchema, partnerSchema, startupSchema } from '$lib/schemas/organisations';
import { searchCommunes, searchEpcis } from '$lib/server/organisations/queries';
import { officialCommune, officialEpci } from '$lib/server/organisations/official-record';
import { EVIDENCE_MAX_MB, evidenceFromForm } from '$lib/server/organisations/evidence-upload';
import { removeStoredFile } from '$lib/server/uploads/store';
import type { EvidenceInput } from '$lib/server/organisations/evidence';
import { claimCity, claimIntercommunality, createCompanyOrPartner } from '$lib/server/organisations/commands';
import { organisationRefusalTable, type OrganisationOutcome } from '$lib/server/organisations/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { setFlash } from '$lib/server/http/flash';
import { organisationKinds, type OrganisationKind } from '$lib/domain/organisations';
import * as m from '$lib/paraglide/messages';

const kinds = organisationKinds;
type Kind = OrganisationKind;

export const load: PageServerLoad = async ({ url }) => {
	const { user } = requireUser();
	const requested = url.searchParams.get('kind');
	// No kind chosen yet (as after confirming one's address): the page asks, rather than presuming a commune.
	const kind: Kind | null = kinds.includes(requested as Kind) ? (requested as Kind) : null;
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	// The commune or EPCI chosen from the results: its official record and the claim form.
	const insee = url.searchParams.get('insee');
	const epciSiren = url.searchParams.get('siren');
	const target =
		kind === 'city' && insee && /^[0-9][0-9AB][0-9]{3}$/.test(insee)
			? await officialCommune(insee)
			: kind === 'intercommunality' && epciSiren && /^\d{9}$/.test(epciSiren)
				? await officialEpci(epciSiren)
				: null;
	return {
		kind,
		q,
		target,
		maxMb: EVIDENCE_MAX_MB,
		emailVerified: Boolean(user.emailVerifiedAt),
		communes: kind === 'city' ? await searchCommunes(q) : [],
		epcis: kind === 'intercommunality' ? await searchEpcis(q) : []
	};
};

async function finish(
	cookies: Parameters<Actions[string]>[0]['cookies'],
	result: OrganisationOutcome<{ slug: string }>,
	values: Record<string, string>,
	evidence?: EvidenceInput | null
) {
	if (!result.ok) {
		await removeStoredFile(evidence?.file);
		const errors: FieldErrors = evidence ? { evidence: m.attach_reselect() } : {};
		return refusalFailure(organisationRefusalTable, result, { values, errors });
	}
	setFlash(cookies, m.org_created());
	redirect(303, `/organisations/${result.slug}`);
}

export const actions: Actions = {
	city: async ({ request, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const parsed = parseForm(claimCitySchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors, message: parsed.errors.inseeCode }));
		const values = { function: String(form.get('function') ?? '').slice(0, 200) };
		const filed = await evidenceFromForm(form);
		if (!filed.ok) return fail(400, formFailure({ values, errors: filed.errors }));
		const evidence = filed.evidence ?? undefined;
		return finish(cookies, await claimCity(user, parsed.data.inseeCode, evidence), values, evidence);
	},
	intercommunality: async ({ request, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const parsed = parseForm(claimIntercommunalitySchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors, message: parsed.errors.siren }));
		const values = { function: String(form.get('function') ?? '').slice(0, 200) };
		const filed = await evidenceFromForm(form);
		if (!filed.ok) return fail(400, formFailure({ values, errors: filed.errors }));
		const evidence = filed.evidence ?? undefined;
		return finish(cookies, await claimIntercommunality(user, parsed.data.siren, evidence), values, evidence);
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
