import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';

// Pages for signed-in people. Each action checks again: a layout load does not guard actions.
export const load: LayoutServerLoad = () => {
	requireUser();
};
