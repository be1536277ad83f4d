import type { PageServerLoad } from './$types';
import { deliberations } from '$lib/server/opendata/deliberations';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => ({ description: m.opendata_delib_intro(), deliberations: await deliberations() });
