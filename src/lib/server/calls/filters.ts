import { projectThemes, type ProjectTheme } from '../../domain/projects';
import type { CallStatus } from '../../domain/calls';
import { publicCallStatuses, type CallFilters } from './queries';

/** The list filters from a URL (the page's and the API's); unknown values are ignored. */
export function callFiltersFrom(url: URL): CallFilters {
	const theme = url.searchParams.get('theme');
	const status = url.searchParams.get('status');
	return {
		theme: projectThemes.find((t): t is ProjectTheme => t === theme),
		status: publicCallStatuses.find((s) => s === status) as CallStatus | undefined
	};
}
