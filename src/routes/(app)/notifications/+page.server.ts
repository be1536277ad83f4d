import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { markRead, notificationsOf } from '$lib/server/notifications/queries';
import { renderNotification } from '$lib/server/notifications/render';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => {
	const { user } = requireUser();
	const rows = await notificationsOf(user.id);
	const locale = getLocale();
	return {
		notifications: rows.map((n) => ({
			id: n.id,
			text: renderNotification({ type: n.type, params: n.params }, locale),
			link: n.link,
			createdAt: n.createdAt,
			read: Boolean(n.readAt)
		}))
	};
};

export const actions: Actions = {
	read: async ({ request }) => {
		const { user } = requireUser();
		const id = String((await request.formData()).get('id') ?? '');
		if (id) await markRead(user.id, id);
		return { success: m.notifications_marked_one() };
	},
	readAll: async () => {
		const { user } = requireUser();
		await markRead(user.id);
		return { success: m.notifications_marked_all() };
	}
};
