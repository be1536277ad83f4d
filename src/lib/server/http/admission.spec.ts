import { describe, expect, it } from 'vitest';
import { Admission, DEFAULT_ADMISSION_FLOOR, DEFAULT_ADMISSION_MAX_LATENCY_MS } from './admission';

/** An admission whose clock is moved by hand. */
function handClocked(maxLatencyMs = 1000, floor = 4) {
	const clock = { now: 0 };
	const admission = new Admission(maxLatencyMs, floor, () => clock.now);
	/** `count` requests one after the other, each taking `ms`. */
	const paced = (count: number, ms: number) => {
		for (let i = 0; i < count; i++) {
			const ticket = admission.admit();
			if (ticket === null) throw new Error('refused while quiet');
			clock.now += ms;
			admission.finish(ticket);
		}
	};
	/** Admits `count` requests and keeps them in flight; their tickets. */
	const hold = (count: number) => Array.from({ length: count }, () => admission.admit());
	return { clock, admission, paced, hold };
}

describe('admission of the requests that change something', () => {
	it('defaults to a 1 s bound with a floor of 16 requests in flight', () => {
		expect(DEFAULT_ADMISSION_MAX_LATENCY_MS).toBe(1000);
		expect(DEFAULT_ADMISSION_FLOOR).toBe(16);
	});

	it('refuses a request expected to take longer than the bound: (in flight + 1) × the recent pace', () => {
		const { admission, paced, hold } = handClocked(1000, 4);
		paced(32, 100);
		expect(admission.pace()).toBe(100);
		// 9 in flight: the 10th is expected in 1,000 ms, still accepted; the 11th (1,100 ms) is refused.
		expect(hold(9).every((t) => t !== null)).toBe(true);
		expect(admission.expectedLatency()).toBe(1000);
		expect(admission.admit()).not.toBeNull();
		expect(admission.inFlight).toBe(10);
		expect(admission.expectedLatency()).toBe(1100);
		expect(admission.admit()).toBeNull();
		// A refusal is not counted in flight.
		expect(admission.inFlight).toBe(10);
	});

	it('follows the pace: when requests go faster, more are accepted at once', () => {
		const { admission, paced, hold } = handClocked(1000, 4);
		paced(32, 10);
		expect(admission.pace()).toBe(10);
		expect(hold(100).every((t) => t !== null)).toBe(true);
		expect(admission.admit()).toBeNull();
	});

	it('measures the time between two finished requests when they overlap, not each one’s whole duration', () => {
		const { clock, admission } = handClocked(1000, 100);
		// Ten requests admitted together, finishing 20 ms apart: each took up to 200 ms, the pace is 20 ms.
		const tickets = Array.from({ length: 10 }, () => admission.admit() as number);
		for (const ticket of tickets) {
			clock.now += 20;
			admission.finish(ticket);
		}
		expect(admission.pace()).toBe(20);
		expect(admission.inFlight).toBe(0);
	});

	it('never refuses below the floor, however slow the last requests were (one long upload on a quiet site)', () => {
		const { admission, paced, hold } = handClocked(1000, 4);
		paced(1, 30_000);
		expect(admission.pace()).toBe(30_000);
		expect(hold(4).every((t) => t !== null)).toBe(true);
		expect(admission.admit()).toBeNull();
	});

	it('keeps only the latest 32 slots: a slow spell is forgotten once requests go fast again', () => {
		const { admission, paced } = handClocked();
		paced(32, 500);
		expect(admission.pace()).toBe(500);
		paced(16, 100);
		expect(admission.pace()).toBe(300);
		paced(16, 100);
		expect(admission.pace()).toBe(100);
	});

	it('asks a refused request to come back once the requests in flight are done: at least 1 s, at most 10 s', () => {
		const busy = handClocked(1000, 8);
		busy.paced(32, 150);
		busy.hold(8);
		expect(busy.admission.admit()).toBeNull();
		// 8 in flight × 150 ms: 1.2 s, rounded up.
		expect(busy.admission.retryAfterSeconds()).toBe(2);
		const stalled = handClocked(1000, 8);
		stalled.paced(32, 1500);
		stalled.hold(8);
		expect(stalled.admission.admit()).toBeNull();
		expect(stalled.admission.retryAfterSeconds()).toBe(10);
		expect(handClocked().admission.retryAfterSeconds()).toBe(1);
	});
});
