import type { Cookies } from '@sveltejs/kit';
import { membershipsColumn } from './organisations/queries';
import { SESSION_COOKIE } from './auth/session-token';
import { clearSessionCookie, setSessionCookie, validateSessionToken } from './auth/sessions';

// Above the aggregates (beside config and platform), not in auth: it joins a session (auth) to the person's
// memberships (organisations), and auth sits below organisations.

/** What `locals` holds for a request: the user, their session and the organisation they act as. */
export async function authenticate(cookies: Cookies, url: URL): Promise<App.Locals> {
	const anonymous: App.Locals = { user: null, session: null, organisations: [], actingOrganisation: null };
	const token = cookies.get(SESSION_COOKIE);
	if (!token) return anonymous;
	// The person's memberships come in the session lookup's own statement: one statement for a signed-in request.
	const result = await validateSessionToken(token, membershipsColumn);
	if (!result) {
		clearSessionCookie(cookies, url);
		return anonymous;
	}
	setSessionCookie(cookies, url, token, result.session.expiresAt);
	const organisations = result.alongside;
	const actingOrganisation = organisations.find((o) => o.id === result.session.actingOrganisationId) ?? organisations[0] ?? null;
	return { user: result.user, session: result.session, organisations, actingOrganisation };
}
