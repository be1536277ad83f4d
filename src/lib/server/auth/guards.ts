import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { Role } from '../../domain/roles';
import * as m from '$lib/paraglide/messages';

/** A path on this site to come back to after signing in; anything else becomes "/". */
export { safeRedirectTarget } from '../http/redirect-target';

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export function requireUser() {
	const { locals, url } = getRequestEvent();
	if (!locals.user || !locals.session) {
		redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	// Whoever enrolled an authenticator gives a code once per session before anything else.
	if (locals.user.secondFactor?.enrolled && !locals.session.secondFactorAt) {
		redirect(303, `/two-factor?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return { user: locals.user, session: locals.session };
}

export function requirePlatformAdmin() {
	const { user, session } = requireUser();
	if (!user.isPlatformAdmin) error(403, m.error_forbidden());
	return { user, session };
}

/** The user's membership of `organisationId`, with one of `roles` when given; 403 otherwise. */
export function requireRole(organisationId: string, ...roles: Role[]) {
	const { user } = requireUser();
	const membership = getRequestEvent().locals.organisations.find((o) => o.id === organisationId);
	if (!membership || (roles.length > 0 && !roles.includes(membership.role))) error(403, m.error_forbidden());
	return { user, membership };
}
