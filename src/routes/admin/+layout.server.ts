import type { LayoutServerLoad } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';

// Platform administrators only; every action below checks again.
export const load: LayoutServerLoad = () => {
	requirePlatformAdmin();
};
