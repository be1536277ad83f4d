// Counting failed attempts per key (an account, an IP address) and locking the key for a while once
// too many failed inside the window. Pure: the caller loads and stores the state.

export interface ThrottleRule {
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

export interface ThrottleState {
	failures: number;
	windowStartedAt: number;
	lockedUntil: number | null;
}

const MINUTE = 60_000;

export const throttleRules = {
	signInAccount: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
	signInAddress: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
	resetAccount: { maxFailures: 3, windowMs: 60 * MINUTE, lockMs: 60 * MINUTE },
	resetAddress: { maxFailures: 10, windowMs: 60 * MINUTE, lockMs: 60 * MINUTE }
} satisfies Record<string, ThrottleRule>;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkThrottle(state: ThrottleState | undefined, now: number): ThrottleDecision {
	if (state?.lockedUntil && state.lockedUntil > now) {
		return { allowed: false, retryAfterMs: state.lockedUntil - now };
	}
	return { allowed: true };
}

/** The state after one more failure at `now`. */
export function recordFailure(
	state: ThrottleState | undefined,
	rule: ThrottleRule,
	now: number
): ThrottleState {
	const windowOpen =
		state && now - state.windowStartedAt < rule.windowMs && !(state.lockedUntil && state.lockedUntil <= now);
	const failures = windowOpen ? state.failures + 1 : 1;
	const windowStartedAt = windowOpen ? state.windowStartedAt : now;
	return {
		failures,
		windowStartedAt,
		lockedUntil: failures >= rule.maxFailures ? now + rule.lockMs : null
	};
}

/** Minutes to tell a person, rounded up so "0 minutes" is never shown. */
export function retryAfterMinutes(retryAfterMs: number): number {
	return Math.max(1, Math.ceil(retryAfterMs / MINUTE));
}
