// The filters of the list of calls: budget bands and deadline windows, as vocabularies with their bounds.

/** Budget bands in euro cents, lower bound included, upper bound excluded. */
export const budgetBands = {
	under_50k: [0, 50_000_00],
	'50k_100k': [50_000_00, 100_000_00],
	'100k_500k': [100_000_00, 500_000_00],
	over_500k: [500_000_00, null]
} as const satisfies Record<string, readonly [number, number | null]>;
export type BudgetBand = keyof typeof budgetBands;
export const budgetBandCodes = Object.keys(budgetBands) as BudgetBand[];

/** Deadline windows: open calls that close within so many days. */
export const deadlineWindows = ['7', '30', '90'] as const;
export type DeadlineWindow = (typeof deadlineWindows)[number];

const DAY_MS = 86_400_000;

/** The instant before which a call must close to fall in `window`, counted from `now`. */
export function deadlineLimit(window: DeadlineWindow, now: Date): Date {
	return new Date(now.getTime() + Number(window) * DAY_MS);
}

/** Whether `budgetCents` (null: no budget stated) lies in `band`. */
export function inBudgetBand(band: BudgetBand, budgetCents: number | null): boolean {
	if (budgetCents === null) return false;
	const [low, high] = budgetBands[band];
	return budgetCents >= low && (high === null || budgetCents < high);
}
