import { foldForSearch } from './text';

/**
 * A person's search text → an FTS5 query that can never be a syntax error: every word is quoted
 * (so NEAR, AND, "-", "*", quotes and parentheses are plain text), prefixed-matched, and all must match.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
	const words = foldForSearch(input.slice(0, 200))
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.slice(0, 12);
	return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
