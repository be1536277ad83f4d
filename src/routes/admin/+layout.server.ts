import type { LayoutServerLoad } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';

// Platform administrators only, with the second factor of this session; every action below checks again.
export const load: LayoutServerLoad = () => {
	requirePlatformAdmin();
	requireSecondFactor();
};
