import type { PageServerLoad } from './$types';
import { datasets } from '$lib/server/opendata/catalog';
import { datasetText } from '$lib/server/opendata/dataset-labels';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => ({
	description: m.opendata_catalog_intro(),
	datasets: (await datasets()).map((d) => ({ ...d, ...datasetText(d) }))
});
