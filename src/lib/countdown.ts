import { getLocale } from '$lib/paraglide/runtime';
import { relativeTimeFormat } from '$lib/domain/intl';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How far away a deadline is, in words and in the reader's language: "dans 12 jours", "dans 5 heures",
 * "il y a 3 jours". Whole units, rounded down, so that "dans 1 jour" never hides a deadline due tonight.
 * Computed by the server, so the page needs no JavaScript and says the same thing before and after it loads.
 */
export function countdown(deadline: Date, now: Date, locale: string = getLocale()): string {
	const diff = deadline.getTime() - now.getTime();
	const sign = diff < 0 ? -1 : 1;
	const span = Math.abs(diff);
	const words = relativeTimeFormat(locale, { numeric: 'always' });
	if (span >= DAY) return words.format(sign * Math.floor(span / DAY), 'day');
	if (span >= HOUR) return words.format(sign * Math.floor(span / HOUR), 'hour');
	return words.format(sign * Math.max(1, Math.floor(span / MINUTE)), 'minute');
}
