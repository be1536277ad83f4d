import type { PageServerLoad } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { auditLog } from '$lib/server/admin/queries';

export const load: PageServerLoad = async ({ url }) => {
	requirePlatformAdmin();
	const before = Number(url.searchParams.get('before'));
	return await auditLog(Number.isSafeInteger(before) && before > 0 ? before : undefined);
};
