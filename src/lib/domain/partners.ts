// Rapprochements: how cities find each other, join and replicate projects, as pure rules.

export const interestKinds = ['join', 'replicate'] as const;
export type InterestKind = (typeof interestKinds)[number];

export const interestStatuses = ['requested', 'accepted', 'declined', 'withdrawn'] as const;
export type InterestStatus = (typeof interestStatuses)[number];

/** The parts of a project its owner may mark reusable, copied by "Reproduire ce projet". */
export const reusableParts = ['description', 'budget', 'documents', 'licence', 'repository', 'indicators'] as const;
export type ReusablePart = (typeof reusableParts)[number];

/** Population bands of the directory's filter, by commune or EPCI population. */
export const populationBands = ['under_10k', '10k_20k', '20k_50k', '50k_100k', 'over_100k'] as const;
export type PopulationBand = (typeof populationBands)[number];

const bandBounds: Record<PopulationBand, [number, number]> = {
	under_10k: [0, 10_000],
	'10k_20k': [10_000, 20_000],
	'20k_50k': [20_000, 50_000],
	'50k_100k': [50_000, 100_000],
	over_100k: [100_000, Number.MAX_SAFE_INTEGER]
};

/** The [lowest, highest) population of a band. */
export function populationBounds(band: PopulationBand): [number, number] {
	return bandBounds[band];
}

export function populationBandOf(population: number | null | undefined): PopulationBand | null {
	if (population === null || population === undefined || !Number.isFinite(population)) return null;
	return populationBands.find((band) => population >= bandBounds[band][0] && population < bandBounds[band][1]) ?? null;
}

/** Bands next to each other count as similar: a town of 19 000 and one of 21 000 have the same needs. */
export function similarBands(band: PopulationBand): PopulationBand[] {
	const i = populationBands.indexOf(band);
	return populationBands.filter((_, j) => Math.abs(i - j) <= 1);
}

/** Who may edit an organisation's public profile: its admins. */
export function mayEditProfile(role: 'admin' | 'member' | 'signatory' | null | undefined): boolean {
	return role === 'admin';
}

/** Only cities and intercommunalities name a référent numérique. */
export function hasReferent(kind: string): boolean {
	return kind === 'city' || kind === 'intercommunality';
}

export const MAX_LOGO_BYTES = 200 * 1024;
export const logoTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof logoTypes)[number];

/** The image type of a logo by its first bytes (never its name or the browser's claim); SVG is refused. */
export function logoTypeOf(bytes: Uint8Array): LogoType | null {
	const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
	if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
	if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
		return 'image/webp';
	}
	return null;
}

export type InterestRefusal = 'not_signed_in' | 'not_a_city' | 'organisation_unverified' | 'forbidden' | 'own_project' | 'project_closed';

/**
 * Whether the acting organisation may ask to join a project or declare it replicates it: a verified
 * city or intercommunality, through one of its admins, on another's project that is published and not
 * abandoned. One rule for the project page (to show the form or say why) and the command (to refuse).
 */
export function interestRefusal(
	acting: { kind: string; verificationStatus: string; role: string } | null,
	project: { proposerOrganisationId: string; status: string },
	actingId: string | null
): InterestRefusal | null {
	if (!acting || !actingId) return 'not_signed_in';
	if (acting.kind !== 'city' && acting.kind !== 'intercommunality') return 'not_a_city';
	if (acting.verificationStatus !== 'verified') return 'organisation_unverified';
	if (acting.role !== 'admin') return 'forbidden';
	if (project.proposerOrganisationId === actingId) return 'own_project';
	if (project.status === 'draft' || project.status === 'abandoned') return 'project_closed';
	return null;
}

export interface BudgetLineInput {
	label: string;
	amountCents: number;
}
export interface IndicatorInput {
	name: string;
	unit: string;
	baseline: number | null;
	target: number | null;
	measurements: { measuredOn: string; value: number }[];
}

const MAX_LINES = 50;

function fields(line: string) {
	return line.split(';').map((f) => f.trim());
}

function decimal(text: string): number | null | 'invalid' {
	if (text === '') return null;
	const value = Number(text.replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(value) && Math.abs(value) < 1e12 ? value : 'invalid';
}

function realDay(text: string) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const date = new Date(`${text}T12:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** "Libellé ; montant" lines → budget lines, or the number of the first bad line. */
export function parseBudgetLines(text: string, parseEuros: (s: string) => number | null): { ok: true; lines: BudgetLineInput[] } | { ok: false; line: number } {
	const rows = text.split(/\r?\n/).map((l) => l.trim());
	const lines: BudgetLineInput[] = [];
	for (const [i, row] of rows.entries()) {
		if (!row) continue;
		const [label, amount, ...rest] = fields(row);
		const cents = amount === undefined ? null : parseEuros(amount);
		if (!label || label.length > 200 || cents === null || rest.length || lines.length >= MAX_LINES) return { ok: false, line: i + 1 };
		lines.push({ label, amountCents: cents });
	}
	return { ok: true, lines };
}

/**
 * "Nom ; unité ; départ ; cible" lines, and "Nom ; AAAA-MM-JJ ; valeur" measurement lines naming an
 * indicator → indicators with their measurements, or the first bad line of either list.
 */
export function parseIndicators(
	indicatorText: string,
	measurementText: string
): { ok: true; indicators: IndicatorInput[] } | { ok: false; field: 'indicators' | 'measurements'; line: number } {
	const indicators: IndicatorInput[] = [];
	for (const [i, row] of indicatorText
		.split(/\r?\n/)
		.map((l) => l.trim())
		.entries()) {
		if (!row) continue;
		const [name, unit, baselineText = '', targetText = '', ...rest] = fields(row);
		const baseline = decimal(baselineText);
		const target = decimal(targetText);
		if (!name || !unit || name.length > 200 || unit.length > 50 || baseline === 'invalid' || target === 'invalid' || rest.length) {
			return { ok: false, field: 'indicators', line: i + 1 };
		}
		if (indicators.length >= MAX_LINES || indicators.some((x) => x.name === name)) return { ok: false, field: 'indicators', line: i + 1 };
		indicators.push({ name, unit, baseline, target, measurements: [] });
	}
	for (const [i, row] of measurementText
		.split(/\r?\n/)
		.map((l) => l.trim())
		.entries()) {
		if (!row) continue;
		const [name, day, valueText = '', ...rest] = fields(row);
		const indicator = indicators.find((x) => x.name === name);
		const value = decimal(valueText);
		if (!indicator || !realDay(day ?? '') || value === null || value === 'invalid' || rest.length || indicator.measurements.length >= 200) {
			return { ok: false, field: 'measurements', line: i + 1 };
		}
		indicator.measurements = [...indicator.measurements.filter((x) => x.measuredOn !== day), { measuredOn: day, value }].sort((a, b) =>
			a.measuredOn.localeCompare(b.measuredOn)
		);
	}
	return { ok: true, indicators };
}
