import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { changeNameSchema, changePasswordSchema, preferencesSchema } from '$lib/schemas/auth';
import { changeName, changePassword, resendVerification, setPreferences } from '$lib/server/users/accounts';
import { listUserSessions } from '$lib/server/auth/sessions';
import { revokeSession } from '$lib/server/users/sessions';
import { requestMeta } from '$lib/server/http/request-meta';
import { retryAfterMinutes } from '$lib/domain/throttle';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => {
	const { user, session } = requireUser();
	const sessions = await listUserSessions(user.id);
	return {
		profile: { name: user.name, email: user.email, notificationDelivery: user.notificationDelivery },
		sessions: sessions.map((s) => ({ ...s, current: s.id === session.id })),
		twoFactorEnrolled: Boolean(user.secondFactor?.enrolled)
	};
};

export const actions: Actions = {
	name: async ({ request }) => {
		const { user } = requireUser();
		const parsed = parseForm(changeNameSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'name', values: parsed.values, errors: parsed.errors }));
		await changeName(user.id, parsed.data.name);
		return { form: 'name', success: m.account_name_saved() };
	},
	password: async (event) => {
		const { user, session } = requireUser();
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'password', errors: parsed.errors }));
		const changed = await changePassword(user, session.id, parsed.data.currentPassword, parsed.data.password, requestMeta(event));
		if (!changed.ok && changed.reason === 'throttled') {
			const minutes = String(retryAfterMinutes(changed.retryAfterMs));
			return fail(429, formFailure({ form: 'password', errors: { currentPassword: m.err_throttled({ minutes }) } }));
		}
		if (!changed.ok) {
			return fail(400, formFailure({ form: 'password', errors: { currentPassword: m.err_current_password() } }));
		}
		return { form: 'password', success: m.account_password_saved() };
	},
	preferences: async ({ request }) => {
		const { user } = requireUser();
		const parsed = parseForm(preferencesSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ form: 'preferences', values: parsed.values, errors: parsed.errors }));
		await setPreferences(user.id, parsed.data);
		return { form: 'preferences', success: m.account_preferences_saved() };
	},
	revoke: async ({ request }) => {
		const { user } = requireUser();
		const sessionId = String((await request.formData()).get('sessionId') ?? '');
		const revoked = await revokeSession(user.id, sessionId);
		if (!revoked) return fail(400, formFailure({ form: 'sessions', message: m.account_session_unknown() }));
		return { form: 'sessions', success: m.account_session_revoked() };
	},
	resend: async () => {
		const { user } = requireUser();
		await resendVerification(user);
		return { form: 'verify', success: m.account_verification_sent({ email: user.email }) };
	}
};
