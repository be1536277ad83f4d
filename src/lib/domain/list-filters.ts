/** A filter of a list's address that the list did not understand, shown to say it was ignored. */
export interface IgnoredFilter {
	name: string;
	value: string;
}

/** Past this, a value is cut: it is only repeated back to say it was ignored. */
const SHOWN_CHARS = 40;

/**
 * The filters given in `url` that the list ignored: for each parameter of `understood` (its name in the address →
 * what the list made of it), a non-empty value that came out as nothing. The list is shown unfiltered on those,
 * and the page says so, rather than pretending the filter applied.
 */
export function ignoredFilters(url: URL, understood: Record<string, unknown>): IgnoredFilter[] {
	const ignored: IgnoredFilter[] = [];
	for (const [name, value] of Object.entries(understood)) {
		const given = url.searchParams.get(name)?.trim();
		if (given && (value === undefined || value === null || value === false)) ignored.push({ name, value: given.slice(0, SHOWN_CHARS) });
	}
	return ignored;
}
