import type { PageServerLoad } from './$types';
import { keyFigures } from '$lib/server/public/figures';

export const load: PageServerLoad = async () => ({ figures: await keyFigures() });
