import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { conversationsOf } from '$lib/server/conversations/queries';

export const load: PageServerLoad = async () => {
	const { user } = requireUser();
	return { conversations: await conversationsOf(user.id) };
};
