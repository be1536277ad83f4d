// Slowing down repeated failures per key (an account seen from one IP address, an address receiving
// mail): after a few free failures, each new one makes the key wait twice as long as the one before,
// up to a ceiling. Nothing here ever locks a key for good, and keys are chosen so that an attacker
// only slows themselves: the owner of an account signing in from elsewhere has another key.
// Pure: the caller loads and stores the state.

export interface ThrottleRule {
	/** Failures allowed without any wait. */
	freeFailures: number;
	/** The wait after the first failure past the free ones; it doubles with each further one. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** Failures are forgotten this long after the first one of a series. */
	windowMs: number;
}

export interface ThrottleState {
	failures: number;
	windowStartedAt: number;
	/** No attempt before this instant (null: no wait). */
	lockedUntil: number | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const throttleRules = {
	/** Sign-in failures of one account from one IP address: four free, then 2 s, 4 s, 8 s… up to 15 minutes. */
	signInPair: { freeFailures: 4, baseDelayMs: 2 * SECOND, maxDelayMs: 15 * MINUTE, windowMs: 24 * HOUR },
	/** The current password typed wrong on the account page, per account and IP address. */
	currentPasswordPair: { freeFailures: 4, baseDelayMs: 2 * SECOND, maxDelayMs: 15 * MINUTE, windowMs: 24 * HOUR },
	/**
	 * Emails to one address (reset links, "you already have an account"): two at once, then 1, 2, 4…
	 * up to 30 minutes apart. Every
	 * link sent stays valid until it expires or one is used, so the owner always holds a working one.
	 */
	mailToAddress: { freeFailures: 1, baseDelayMs: MINUTE, maxDelayMs: 30 * MINUTE, windowMs: 24 * HOUR }
} satisfies Record<string, ThrottleRule>;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkThrottle(state: ThrottleState | undefined, now: number): ThrottleDecision {
	if (state?.lockedUntil && state.lockedUntil > now) {
		return { allowed: false, retryAfterMs: state.lockedUntil - now };
	}
	return { allowed: true };
}

/** The wait after the `failures`-th failure. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
	if (failures <= rule.freeFailures) return 0;
	const doublings = Math.min(failures - rule.freeFailures - 1, 30);
	return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

/** The state after one more failure (or one more use, for a budget like mail) at `now`. */
export function recordFailure(state: ThrottleState | undefined, rule: ThrottleRule, now: number): ThrottleState {
	const windowOpen = state !== undefined && now - state.windowStartedAt < rule.windowMs;
	const failures = windowOpen ? state.failures + 1 : 1;
	const delay = delayAfter(failures, rule);
	return {
		failures,
		windowStartedAt: windowOpen ? state.windowStartedAt : now,
		lockedUntil: delay > 0 ? now + delay : null
	};
}

/** Minutes to tell a person, rounded up so "0 minutes" is never shown. */
export function retryAfterMinutes(retryAfterMs: number): number {
	return Math.max(1, Math.ceil(retryAfterMs / MINUTE));
}
