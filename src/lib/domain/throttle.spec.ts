import { describe, expect, it } from 'vitest';
import { checkThrottle, delayAfter, recordFailure, retryAfterMinutes, type ThrottleState } from './throttle';

const rule = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 60_000 };

function fail(times: number, start = 0, step = 10) {
	let state: ThrottleState | undefined;
	for (let i = 0; i < times; i++) state = recordFailure(state, rule, start + i * step);
	return state;
}

describe('throttling', () => {
	it('allows a key that never failed, and the free failures', () => {
		expect(checkThrottle(undefined, 0)).toEqual({ allowed: true });
		expect(checkThrottle(fail(3), 30)).toEqual({ allowed: true });
	});

	it('makes each failure past the free ones wait twice as long, up to the ceiling', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8, 40].map((n) => delayAfter(n, rule))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
		const state = fail(5);
		expect(checkThrottle(state, 40 + 1)).toEqual({ allowed: false, retryAfterMs: 1999 });
		expect(checkThrottle(state, 40 + 2000)).toEqual({ allowed: true });
	});

	it('never locks for good: the wait is bounded however many failures', () => {
		const state = fail(1000);
		expect(state!.lockedUntil! - 9990).toBe(8000);
	});

	it('forgets failures once the window since the first has passed', () => {
		const state = recordFailure(fail(5), rule, 70_000);
		expect(state).toEqual({ failures: 1, windowStartedAt: 70_000, lockedUntil: null });
	});

	it('never tells a person to wait zero minutes', () => {
		expect(retryAfterMinutes(1)).toBe(1);
		expect(retryAfterMinutes(60_001)).toBe(2);
	});
});
