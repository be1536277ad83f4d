import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser, safeRedirectTarget } from '$lib/server/auth/guards';
import { secondFactorNeedOf, secondFactorPath } from '$lib/server/auth/second-factor';
import { decodeKey, disableTotp, encodeKey, enrolmentMaterial, enrolTotp, newTotpKey, unusedRecoveryCodes } from '$lib/server/auth/totp';
import { setFlash } from '$lib/server/http/flash';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { disableSchema, enrolSchema, isAuthenticatorCode } from '$lib/schemas/trust';
import { retryAfterMinutes } from '$lib/domain/throttle';
import * as m from '$lib/paraglide/messages';

// Enrolling an authenticator: a new key each time the page opens, kept by the form until a code
// proves the app holds it. Replacing an enrolled one asks for the current second factor first.

/** The organisations where the person signs: without a second factor they cannot act on money there. */
const signatoryOf = (organisations: App.MembershipSummary[]) => organisations.filter((o) => o.role === 'signatory');

export const load: PageServerLoad = async ({ url, locals }) => {
	const { user } = requireUser();
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	const enrolled = Boolean(user.secondFactor?.enrolled);
	const key = newTotpKey();
	return {
		redirectTo,
		enrolled,
		unusedRecoveryCodes: enrolled ? await unusedRecoveryCodes(user.id) : 0,
		signatoryOf: signatoryOf(locals.organisations).map((o) => o.name),
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
				result.reason === 'throttled' ? m.err_throttled({ minutes: String(retryAfterMinutes(result.retryAfterMs ?? 60_000)) }) : m.trust_err_code_invalid();
			// The same key again: the app already scanned it.
			const material = { key: parsed.data.key, ...(await enrolmentMaterial(user, key)) };
			return fail(result.reason === 'throttled' ? 429 : 400, { ...formFailure({ message }), material });
		}
		return { recoveryCodes: result.recoveryCodes };
	},
	disable: async ({ request, cookies, locals }) => {
		const { user } = requireUser();
		const parsed = parseForm(disableSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'disable', errors: parsed.errors }));
		const typed = parsed.data.code;
		const proof = isAuthenticatorCode(typed) ? { code: typed.replace(/\s/g, '') } : { recoveryCode: typed };
		const signs = signatoryOf(locals.organisations);
		const result = await disableTotp(
			user,
			proof,
			signs.map((o) => o.id)
		);
		if (!result.ok) {
			const message =
				result.reason === 'throttled'
					? m.err_throttled({ minutes: String(retryAfterMinutes(result.retryAfterMs)) })
					: result.reason === 'not_enrolled'
						? m.trust_disable_err_not_enrolled()
						: m.trust_err_code_invalid();
			return fail(result.reason === 'throttled' ? 429 : 400, formFailure({ form: 'disable', errors: { code: message } }));
		}
		setFlash(cookies, signs.length > 0 ? m.trust_disable_done_signatory({ organisations: signs.map((o) => o.name).join(', ') }) : m.trust_disable_done());
		redirect(303, '/account');
	}
};
