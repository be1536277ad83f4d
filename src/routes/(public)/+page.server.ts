import type { PageServerLoad } from './$types';
import { keyFigures } from '$lib/server/public/figures';
import { listPublicCalls } from '$lib/server/calls/queries';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => {
	const [figures, open] = await Promise.all([keyFigures(), listPublicCalls({ status: 'open' }, 0, 3)]);
	return { description: m.home_lead(), figures, openCalls: open.calls };
};
