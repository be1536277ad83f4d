// When a person must show their second factor (TOTP or a recovery code) before acting.

/** An action that needs the second factor asks again once the last proof is older than this. */
export const SECOND_FACTOR_MAX_AGE_MS = 12 * 60 * 60_000;

export type SecondFactorNeed = 'none' | 'enrol' | 'code';

/**
 * What stands between a person and an action that needs the second factor: nothing, enrolling an
 * authenticator first, or typing a code in this session.
 */
export function secondFactorNeed(state: { enrolled: boolean; passedAt: Date | null | undefined }, now: Date): SecondFactorNeed {
	if (!state.enrolled) return 'enrol';
	if (!state.passedAt) return 'code';
	const age = now.getTime() - state.passedAt.getTime();
	return age >= 0 && age < SECOND_FACTOR_MAX_AGE_MS ? 'none' : 'code';
}
