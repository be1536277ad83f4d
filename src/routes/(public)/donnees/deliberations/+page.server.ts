import type { PageServerLoad } from './$types';
import { deliberations } from '$lib/server/opendata/deliberations';

export const load: PageServerLoad = async () => ({ deliberations: await deliberations() });
