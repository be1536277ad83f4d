// Dates people type are French local times (Europe/Paris); the database keeps instants.

import { dateTimeFormat } from './intl';

const PARIS = 'Europe/Paris';
const PARIS_PARTS: Intl.DateTimeFormatOptions = {
	timeZone: PARIS,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
};

function offsetMinutes(instant: Date): number {
	const parts = dateTimeFormat('en-GB', PARIS_PARTS).formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** "2026-12-01T09:00" (from a datetime-local field), read as Paris time → the instant, or null. */
export function parseParisDateTime(value: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!match) return null;
	const [, y, mo, d, h, mi] = match.map(Number);
	const naive = Date.UTC(y, mo - 1, d, h, mi);
	const check = new Date(naive);
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
	// The offset at the naive instant, then corrected once for the hours around a change of time.
	let instant = naive - offsetMinutes(new Date(naive)) * 60_000;
	instant = naive - offsetMinutes(new Date(instant)) * 60_000;
	return new Date(instant);
}

/** An instant → the value of a datetime-local field in Paris time. */
export function toParisInput(instant: Date): string {
	const local = new Date(instant.getTime() + offsetMinutes(instant) * 60_000);
	return local.toISOString().slice(0, 16);
}
