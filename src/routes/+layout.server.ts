import type { LayoutServerLoad } from './$types';
import { takeFlash } from '$lib/server/http/flash';
import { headerCounts } from '$lib/server/header-counts';

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
	const user = locals.user;
	const counts = user ? await headerCounts(user.id) : { unread: 0, unreadMessages: 0 };
	return {
		user: user && {
			id: user.id,
			name: user.name,
			email: user.email,
			emailVerified: Boolean(user.emailVerifiedAt),
			isPlatformAdmin: user.isPlatformAdmin
		},
		organisations: locals.organisations,
		actingOrganisation: locals.actingOrganisation,
		unread: counts.unread,
		unreadMessages: counts.unreadMessages,
		flash: takeFlash(cookies)
	};
};
