import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { searchByToken, unsubscribeByToken } from '$lib/server/alerts/saved-searches';

// No session needed: the token in the email's link is the authority. The click that unsubscribes is a
// POST, so a mail scanner that opens links unsubscribes nobody.
export const load: PageServerLoad = async ({ params }) => {
	const search = await searchByToken(params.token);
	return { search: search ? { label: search.label, emailAlerts: search.emailAlerts } : null };
};

export const actions: Actions = {
	default: async ({ params }) => {
		const result = await unsubscribeByToken(params.token);
		if (!result.ok) return fail(404, { done: false });
		return { done: true, label: result.label };
	}
};
