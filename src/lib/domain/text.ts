/** Folds text for accent-insensitive search: "Béthune" and "bethune" compare equal, "œ" is "oe". */
export function foldForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.toLowerCase()
		.replace(/[-'’]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** A URL-safe slug: "Saint-Quentin (Aisne)" → "saint-quentin-aisne". */
export function slugify(text: string): string {
	return (
		foldForSearch(text)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'organisation'
	);
}

/**
 * Orders text as SQLite's BINARY collation does (the byte order of UTF-8, which is code point order): a
 * list the database hands over unordered (a JSON aggregate) is sorted as its ORDER BY would have.
 */
export function binaryCompare(a: string, b: string): number {
	const [x, y] = [[...a], [...b]];
	for (let i = 0; i < Math.min(x.length, y.length); i++) {
		const difference = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
		if (difference !== 0) return difference;
	}
	return x.length - y.length;
}
