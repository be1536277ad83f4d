import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { resetRequestSchema } from '$lib/schemas/auth';
import { requestPasswordReset } from '$lib/server/users/accounts';
import { requestMeta } from '$lib/server/http/request-meta';
import { retryAfterMinutes } from '$lib/domain/throttle';
import * as m from '$lib/paraglide/messages';

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(resetRequestSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await requestPasswordReset(parsed.data.email, requestMeta(event));
		if (!result.ok) {
			return fail(
				429,
				formFailure({
					values: { email: parsed.data.email },
					message: m.sec_reset_spaced({ minutes: String(retryAfterMinutes(result.retryAfterMs)) })
				})
			);
		}
		return { sentTo: parsed.data.email };
	}
};
