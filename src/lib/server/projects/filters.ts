import { projectStatuses, projectThemes, type ProjectStatus, type ProjectTheme } from '../../domain/projects';
import type { ProjectFilters } from './queries';
import { projectSorts, type ProjectSort } from '../../domain/projects';

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
	return allowed.find((a) => a === value);
}

/** The list filters from a URL (the page's and the API's): unknown values are ignored, never an error. */
export function projectFiltersFrom(url: URL): ProjectFilters {
	const p = url.searchParams;
	const code = (value: string | null, pattern: RegExp) => (value && pattern.test(value) ? value : undefined);
	return {
		q: p.get('q')?.slice(0, 200) || undefined,
		theme: pick<ProjectTheme>(projectThemes, p.get('theme')),
		status: pick<ProjectStatus>(
			projectStatuses.filter((s) => s !== 'draft'),
			p.get('status')
		),
		departement: code(p.get('departement'), /^(\d{2,3}|2A|2B)$/),
		region: code(p.get('region'), /^\d{2}$/),
		seekingPartners: p.get('seeking') === '1' || p.get('seekingPartners') === 'true' || undefined,
		sort: pick<ProjectSort>(projectSorts, p.get('sort'))
	};
}

export function pageFrom(url: URL): number {
	const page = Number(url.searchParams.get('page') ?? '1');
	return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}
