import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser, safeRedirectTarget } from '$lib/server/auth/guards';
import { secondFactorNeedOf, secondFactorPath } from '$lib/server/auth/second-factor';
import { decodeKey, encodeKey, enrolmentMaterial, enrolTotp, newTotpKey, unusedRecoveryCodes } from '$lib/server/auth/totp';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { enrolSchema } from '$lib/schemas/trust';
import { retryAfterMinutes } from '$lib/domain/throttle';
import * as m from '$lib/paraglide/messages';

// Enrolling an authenticator: a new key each time the page opens, kept by the form until a code
// proves the app holds it. Replacing an enrolled one asks for the current second factor first.

export const load: PageServerLoad = async ({ url }) => {
	const { user } = requireUser();
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	const enrolled = Boolean(user.secondFactor?.enrolled);
	const key = newTotpKey();
	return {
		redirectTo,
		enrolled,
		unusedRecoveryCodes: enrolled ? await unusedRecoveryCodes(user.id) : 0,
		key: encodeKey(key),
		...(await enrolmentMaterial(user, key))
	};
};

export const actions: Actions = {
	enrol: async ({ request, url }) => {
		const { user, session } = requireUser();
		if (user.secondFactor?.enrolled && secondFactorNeedOf(user) !== 'none') redirect(303, secondFactorPath('code', url.pathname));
		const form = await request.formData();
		const parsed = parseForm(enrolSchema, form);
		const key = decodeKey(String(form.get('key') ?? ''));
		if (!parsed.ok) {
			const material = key ? { key: encodeKey(key), ...(await enrolmentMaterial(user, key)) } : undefined;
			return fail(400, { ...formFailure({ errors: parsed.errors }), material });
		}
		if (!key) return fail(400, formFailure({ message: m.trust_err_enrol_expired() }));
		const result = await enrolTotp(user, session.id, key, parsed.data.code);
		if (!result.ok) {
			const message =
				result.reason === 'throttled'
					? m.err_throttled({ minutes: String(retryAfterMinutes(result.retryAfterMs ?? 60_000)) })
					: m.trust_err_code_invalid();
			// The same key again: the app already scanned it.
			const material = { key: parsed.data.key, ...(await enrolmentMaterial(user, key)) };
			return fail(result.reason === 'throttled' ? 429 : 400, { ...formFailure({ message }), material });
		}
		return { recoveryCodes: result.recoveryCodes };
	}
};
