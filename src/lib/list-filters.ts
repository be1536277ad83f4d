import * as m from '$lib/paraglide/messages';

// The filters every public list shares, for its ListFilters form (src/lib/components/list-filters.svelte).

export interface ListFilter {
	name: string;
	label: string;
	any: string;
	options: readonly { value: string; label: string }[];
	selected: string | null | undefined;
}

interface Places {
	regions: readonly { code: string; name: string }[];
	departements: readonly { code: string; name: string }[];
}

/** The région and département selects, from the places the load gives (`placeOptions`). */
export function placeFilters(places: Places, selected: { region?: string | null; departement?: string | null }): ListFilter[] {
	return [
		{
			name: 'region',
			label: m.project_region(),
			any: m.projects_any_region(),
			options: places.regions.map((r) => ({ value: r.code, label: r.name })),
			selected: selected.region
		},
		{
			name: 'departement',
			label: m.org_departement(),
			any: m.projects_any_departement(),
			options: places.departements.map((d) => ({ value: d.code, label: `${d.code} · ${d.name}` })),
			selected: selected.departement
		}
	];
}
