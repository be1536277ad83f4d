import { consortiumStatuses } from '$lib/domain/consortia';
import type { ConsortiumFilters } from './queries';

// The consortia list filters, read from a URL by the page and by the API alike.

/** Unknown or malformed values are ignored, never an error. */
export function consortiumFiltersFrom(url: URL): ConsortiumFilters {
	const p = url.searchParams;
	const code = (value: string | null, pattern: RegExp) => (value && pattern.test(value) ? value : undefined);
	return {
		status: consortiumStatuses.find((s) => s === p.get('status')),
		region: code(p.get('region'), /^\d{2}$/),
		departement: code(p.get('departement'), /^(\d{2,3}|2A|2B)$/)
	};
}
