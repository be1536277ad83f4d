import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { deleteSearch, saveSearch, searchesOf } from '$lib/server/alerts/saved-searches';
import { savedSearchTargets, type SavedSearchTarget } from '$lib/domain/saved-searches';
import { setFlash } from '$lib/server/http/flash';
import { formFailure } from '$lib/schemas/parse';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => {
	const { user } = requireUser();
	const searches = await searchesOf(user.id);
	return { searches: searches.map(({ id, target, query, label, token, emailAlerts }) => ({ id, target, query, label, token, emailAlerts })) };
};

export const actions: Actions = {
	// Posted from /calls or /projects with the page's current filters.
	save: async ({ request, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const target = savedSearchTargets.find((t): t is SavedSearchTarget => t === form.get('target'));
		if (!target) return fail(400, formFailure({ message: m.error_not_found() }));
		const result = await saveSearch(user, target, String(form.get('query') ?? ''));
		if (!result.ok) return fail(400, formFailure({ message: m.alerts_err_too_many() }));
		setFlash(cookies, m.alerts_saved_done());
		redirect(303, '/alerts');
	},
	delete: async ({ request }) => {
		const { user } = requireUser();
		const result = await deleteSearch(user, String((await request.formData()).get('id') ?? ''));
		if (!result.ok) return fail(404, formFailure({ message: m.error_not_found() }));
		return { success: m.alerts_deleted_done() };
	}
};
