import type { Dataset } from './catalog';
import type { Locale } from '$lib/paraglide/runtime';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

/** A dataset's title and description in a language (the page's, or French for the catalogue). */
export function datasetText(dataset: Dataset, locale: Locale = getLocale()): { title: string; description: string } {
	const o = { locale };
	switch (dataset.kind) {
		case 'subsidies':
			return { title: m.opendata_dataset_subsidies({}, o), description: m.opendata_dataset_subsidies_desc({}, o) };
		case 'deliberations':
			return { title: m.opendata_dataset_deliberations({}, o), description: m.opendata_dataset_deliberations_desc({}, o) };
		case 'projects':
			return { title: m.opendata_dataset_projects({}, o), description: m.opendata_dataset_projects_desc({}, o) };
		case 'calls':
			return { title: m.opendata_dataset_calls({}, o), description: m.opendata_dataset_calls_desc({}, o) };
		case 'consortia':
			return { title: m.opendata_dataset_consortia({}, o), description: m.opendata_dataset_consortia_desc({}, o) };
		case 'ledger':
			return { title: m.opendata_dataset_ledger({ fund: dataset.name ?? '' }, o), description: m.opendata_dataset_ledger_desc({}, o) };
	}
}
