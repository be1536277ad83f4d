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
