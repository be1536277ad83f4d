import type { LayoutServerLoad } from './$types';
import { takeFlash } from '$lib/server/http/flash';
import { unreadCount } from '$lib/server/notifications/queries';
import { unreadConversationCount } from '$lib/server/conversations/queries';

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
	const user = locals.user;
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
		unread: user ? await unreadCount(user.id) : 0,
		unreadMessages: user ? await unreadConversationCount(user.id) : 0,
		flash: takeFlash(cookies)
	};
};
