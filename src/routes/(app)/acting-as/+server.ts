import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser, safeRedirectTarget } from '$lib/server/auth/guards';
import { write } from '$lib/server/db';
import { setActingOrganisation } from '$lib/server/auth/sessions';
import * as m from '$lib/paraglide/messages';

/** The header's organisation switcher: the session acts as another of the user's organisations. */
export const POST: RequestHandler = async ({ request, locals }) => {
	const { session } = requireUser();
	const form = await request.formData();
	const organisationId = String(form.get('organisationId') ?? '');
	if (!locals.organisations.some((o) => o.id === organisationId)) error(403, m.error_forbidden());
	await write((tx) => setActingOrganisation(tx, session.id, organisationId));
	redirect(303, safeRedirectTarget(String(form.get('redirectTo') ?? '/')));
};
