import * as m from '$lib/paraglide/messages';
import type { PopulationBand, ReusablePart } from '$lib/domain/partners';

// Labels of the rapprochements' vocabularies (beside labels.ts, which other areas share).

export function populationBandLabel(band: PopulationBand): string {
	const labels: Record<PopulationBand, () => string> = {
		under_10k: m.band_under_10k,
		'10k_20k': m.band_10k_20k,
		'20k_50k': m.band_20k_50k,
		'50k_100k': m.band_50k_100k,
		over_100k: m.band_over_100k
	};
	return labels[band]();
}

export function reusablePartLabel(part: ReusablePart): string {
	const labels: Record<ReusablePart, () => string> = {
		description: m.reuse_part_description,
		budget: m.reuse_part_budget,
		documents: m.reuse_part_documents,
		licence: m.reuse_part_licence,
		repository: m.reuse_part_repository,
		indicators: m.reuse_part_indicators
	};
	return labels[part]();
}
