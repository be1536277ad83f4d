import { projectStatuses, projectThemes, type ProjectStatus, type ProjectTheme } from '../../domain/projects';
import type { ProjectFilters } from './queries';
import { knownDepartement, knownRegion } from '../reference/codes';
import { projectSorts, type ProjectSort } from '../../domain/projects';

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
	return allowed.find((a) => a === value);
}

/** The list filters from a URL (the page's and the API's): unknown values are ignored, never an error. */
export function projectFiltersFrom(url: URL): ProjectFilters {
	const p = url.searchParams;
	return {
		q: p.get('q')?.slice(0, 200) || undefined,
		theme: pick<ProjectTheme>(projectThemes, p.get('theme')),
		status: pick<ProjectStatus>(
			projectStatuses.filter((s) => s !== 'draft'),
			p.get('status')
		),
		departement: knownDepartement(p.get('departement')),
		region: knownRegion(p.get('region')),
		seekingPartners: p.get('seeking') === '1' || p.get('seekingPartners') === 'true' || undefined,
		sort: pick<ProjectSort>(projectSorts, p.get('sort'))
	};
}

export function pageFrom(url: URL): number {
	const page = Number(url.searchParams.get('page') ?? '1');
	return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}
