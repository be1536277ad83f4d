import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { write } from '$lib/server/db';
import { clearSessionCookie, invalidateSession } from '$lib/server/auth/sessions';
import { setFlash } from '$lib/server/http/flash';
import * as m from '$lib/paraglide/messages';

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		const session = locals.session;
		if (session) await write((tx) => invalidateSession(tx, session.id));
		clearSessionCookie(cookies, url);
		setFlash(cookies, m.signout_done());
		redirect(303, '/');
	}
};
