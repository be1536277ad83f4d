// "Villes comme la vôtre": which cities and intercommunalities to suggest to another as partners, and why.
import { departementCentres } from './data/departement-centres';
import { populationBandOf, similarBands, type PopulationBand } from './partners';
import type { ProjectTheme } from './projects';

/** What a city is compared on; every field comes from public data (no draft's theme, ever). */
export interface CityTraits {
	id: string;
	name: string;
	population: number | null;
	departementCodes: string[];
	regionCodes: string[];
	/** Themes of its published projects and calls. */
	themes: ProjectTheme[];
}

export type Nearness = 'same_departement' | 'nearby' | 'same_region';

export interface SimilarCity {
	id: string;
	name: string;
	band: PopulationBand;
	/** True when both are in the same band, false when in a neighbouring one. */
	sameBand: boolean;
	themesInCommon: ProjectTheme[];
	projectsInCommon: number;
	nearness: Nearness | null;
	/** Between the nearest départements' centres, in map units; null when either is overseas or unknown. */
	distance: number | null;
}

/** Centres closer than this are neighbouring départements (Nord–Pas-de-Calais: 32; Nord–Oise: 80). */
const NEARBY = 60;

/** The distance between the nearest pair of départements of two places; null if either has no centre. */
export function departementDistance(a: string[], b: string[]): number | null {
	let best: number | null = null;
	for (const x of a) {
		const p = departementCentres[x];
		if (!p) continue;
		for (const y of b) {
			const q = departementCentres[y];
			if (!q) continue;
			const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
			if (best === null || d < best) best = d;
		}
	}
	return best;
}

function nearnessOf(me: CityTraits, other: CityTraits, distance: number | null): Nearness | null {
	if (me.departementCodes.some((d) => other.departementCodes.includes(d))) return 'same_departement';
	if (distance !== null && distance <= NEARBY) return 'nearby';
	if (me.regionCodes.some((r) => other.regionCodes.includes(r))) return 'same_region';
	return null;
}

/**
 * The cities to suggest: of the same or a neighbouring population band, with at least one theme or one
 * project in common; nearest départements first, then the most themes and projects in common, then by name.
 * A city of unknown population is never suggested (nor given suggestions): its size cannot be compared.
 */
export function similarCities(me: CityTraits, candidates: (CityTraits & { projectsInCommon: number })[], limit = 6): SimilarCity[] {
	const myBand = populationBandOf(me.population);
	if (!myBand) return [];
	const bands = similarBands(myBand);
	const suggestions: SimilarCity[] = [];
	for (const other of candidates) {
		if (other.id === me.id) continue;
		const band = populationBandOf(other.population);
		if (!band || !bands.includes(band)) continue;
		const themesInCommon = me.themes.filter((t) => other.themes.includes(t));
		if (themesInCommon.length === 0 && other.projectsInCommon === 0) continue;
		const distance = departementDistance(me.departementCodes, other.departementCodes);
		suggestions.push({
			id: other.id,
			name: other.name,
			band,
			sameBand: band === myBand,
			themesInCommon,
			projectsInCommon: other.projectsInCommon,
			nearness: nearnessOf(me, other, distance),
			distance
		});
	}
	const far = Number.MAX_SAFE_INTEGER;
	suggestions.sort(
		(a, b) =>
			(a.nearness === 'same_departement' ? 0 : (a.distance ?? far)) - (b.nearness === 'same_departement' ? 0 : (b.distance ?? far)) ||
			b.themesInCommon.length - a.themesInCommon.length ||
			b.projectsInCommon - a.projectsInCommon ||
			a.name.localeCompare(b.name, 'fr')
	);
	return suggestions.slice(0, limit);
}
