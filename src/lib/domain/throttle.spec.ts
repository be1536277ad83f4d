import { describe, expect, it } from 'vitest';
import { checkThrottle, recordFailure, retryAfterMinutes, type ThrottleState } from './throttle';

const rule = { maxFailures: 3, windowMs: 10_000, lockMs: 60_000 };

function fail(times: number, start = 0, step = 1000) {
	let state: ThrottleState | undefined;
	for (let i = 0; i < times; i++) state = recordFailure(state, rule, start + i * step);
	return state;
}

describe('throttling', () => {
	it('allows a key that never failed', () => {
		expect(checkThrottle(undefined, 0)).toEqual({ allowed: true });
	});

	it('allows failures below the limit', () => {
		expect(checkThrottle(fail(2), 2500)).toEqual({ allowed: true });
	});

	it('locks once the limit is reached inside the window, for the lock duration', () => {
		const state = fail(3);
		expect(checkThrottle(state, 2001)).toEqual({ allowed: false, retryAfterMs: 60_000 - 1 });
		expect(checkThrottle(state, 2000 + 60_000)).toEqual({ allowed: true });
	});

	it('starts a new window when failures are spread out', () => {
		// Failures at 0 s, 6 s and 12 s: the third falls outside the first 10-second window.
		const state = fail(3, 0, 6000);
		expect(state).toEqual({ failures: 1, windowStartedAt: 12_000, lockedUntil: null });
		expect(checkThrottle(state, 12_001)).toEqual({ allowed: true });
	});

	it('starts counting afresh after a lock expired', () => {
		const locked = fail(3);
		const after = recordFailure(locked, rule, 70_000);
		expect(after).toEqual({ failures: 1, windowStartedAt: 70_000, lockedUntil: null });
	});

	it('never tells a person to wait zero minutes', () => {
		expect(retryAfterMinutes(1)).toBe(1);
		expect(retryAfterMinutes(60_001)).toBe(2);
	});
});
