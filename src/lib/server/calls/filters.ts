import { projectThemes, type ProjectTheme } from '../../domain/projects';
import { callAudiences, publicCallStatuses, type CallStatus } from '../../domain/calls';
import { budgetBandCodes, deadlineWindows } from '../../domain/call-search';
import type { CallFilters } from './queries';
import { knownDepartement, knownRegion } from '../reference/codes';

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
	return allowed.find((a) => a === value);
}

/** The list filters from a URL (the page's and the API's); unknown values are ignored, never an error. */
export function callFiltersFrom(url: URL): CallFilters {
	const p = url.searchParams;
	return {
		q: p.get('q')?.slice(0, 200).trim() || undefined,
		theme: pick<ProjectTheme>(projectThemes, p.get('theme')),
		status: pick(publicCallStatuses, p.get('status')) as CallStatus | undefined,
		region: knownRegion(p.get('region')),
		departement: knownDepartement(p.get('departement')),
		audience: pick(callAudiences, p.get('audience')),
		budget: pick(budgetBandCodes, p.get('budget')),
		closes: pick(deadlineWindows, p.get('closes'))
	};
}
