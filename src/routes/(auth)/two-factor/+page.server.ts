import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { useRecoveryCode, verifyTotp, type CodeResult } from '$lib/server/auth/totp';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { recoveryCodeSchema, totpCodeSchema } from '$lib/schemas/trust';
import { retryAfterMinutes } from '$lib/domain/throttle';
import { logDemoCode } from '$lib/server/demo/totp';
import * as m from '$lib/paraglide/messages';

// The second step: a code from the authenticator (or a recovery code) for this session.

function signedIn(locals: App.Locals, url: URL) {
	if (!locals.user || !locals.session) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	return { user: locals.user, session: locals.session };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = signedIn(locals, url);
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (!user.secondFactor?.enrolled) redirect(303, `/account/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`);
	await logDemoCode(user);
	return { redirectTo };
};

function refusal(form: string, result: Exclude<CodeResult, { ok: true }>) {
	const message =
		result.reason === 'throttled'
			? m.err_throttled({ minutes: String(retryAfterMinutes(result.retryAfterMs)) })
			: result.reason === 'replayed'
				? m.trust_err_code_replayed()
				: form === 'recovery'
					? m.trust_err_recovery_invalid()
					: m.trust_err_code_invalid();
	return fail(result.reason === 'throttled' ? 429 : 400, formFailure({ form, message }));
}

export const actions: Actions = {
	code: async ({ request, locals, url }) => {
		const { user, session } = signedIn(locals, url);
		const form = await request.formData();
		const redirectTo = safeRedirectTarget(String(form.get('redirectTo') ?? '/'));
		const parsed = parseForm(totpCodeSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'code', errors: parsed.errors }));
		const result = await verifyTotp(user, session.id, parsed.data.code);
		if (!result.ok) return refusal('code', result);
		redirect(303, redirectTo);
	},
	recovery: async ({ request, locals, url }) => {
		const { user, session } = signedIn(locals, url);
		const form = await request.formData();
		const redirectTo = safeRedirectTarget(String(form.get('redirectTo') ?? '/'));
		const parsed = parseForm(recoveryCodeSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'recovery', errors: parsed.errors }));
		const result = await useRecoveryCode(user, session.id, parsed.data.recoveryCode);
		if (!result.ok) return refusal('recovery', result);
		redirect(303, redirectTo);
	}
};
