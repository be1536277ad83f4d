import type { PageServerLoad } from './$types';
import { datasets } from '$lib/server/opendata/catalog';
import { datasetText } from '$lib/server/opendata/dataset-labels';

export const load: PageServerLoad = async () => ({
	datasets: (await datasets()).map((d) => ({ ...d, ...datasetText(d) }))
});
