// Saved searches: on which list, and how many a person may keep.
export const savedSearchTargets = ['calls', 'projects'] as const;
export type SavedSearchTarget = (typeof savedSearchTargets)[number];
export const MAX_SAVED_SEARCHES = 20;

/**
 * A filter object → its canonical query string (keys sorted, empty values left out), so the same
 * filters typed in any order are one saved search.
 */
export function canonicalQuery(filters: Record<string, string | boolean | undefined>): string {
	const params = new URLSearchParams();
	for (const key of Object.keys(filters).sort()) {
		const value = filters[key];
		if (value === undefined || value === false || value === '') continue;
		params.set(key, value === true ? '1' : value);
	}
	return params.toString();
}

/** The list page's address a saved query stands for, so it is read back exactly as the page reads its URL. */
export function savedSearchUrl(target: SavedSearchTarget, query: string): URL {
	return new URL(`http://entente.invalid/${target}?${query}`);
}
