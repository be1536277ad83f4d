import type { User } from '../db/schema';
import { secondFactorNeed, type SecondFactorNeed } from '../../domain/second-factor';

export interface SecondFactorState {
	/** The person has an authenticator enrolled. */
	enrolled: boolean;
	/** When this session last passed the second factor. */
	passedAt: Date | null;
}

/**
 * A person as a signed-in session presents them: their account and that session's second factor.
 * The state is required: a command that needs the second factor never assumes it (no state, no proof).
 */
export type SessionUser = User & { secondFactor: SecondFactorState };

const NO_PROOF: SecondFactorState = { enrolled: false, passedAt: null };

/**
 * The one rule for actions that move public money or decide who may (approving a pledge, deciding a
 * disbursement, recording a délibération, every platform-administrator decision): what the person
 * must still do in this session. Pages use it to ask for the code; commands use it to refuse.
 */
export function secondFactorNeedOf(user: SessionUser, now = new Date()): SecondFactorNeed {
	// Fails closed: a caller that brings no state (a plain account row, a cast) has proven nothing.
	return secondFactorNeed(user.secondFactor ?? NO_PROOF, now);
}

/**
 * The commands' refusal, from the same rule as the routes' guard. Requests carry the session's state
 * (`validateSessionToken`); the platform acting by itself (the demo seed) states it explicitly.
 */
export function secondFactorRefusal(user: SessionUser, now = new Date()): { ok: false; code: 'second_factor_required' } | null {
	return secondFactorNeedOf(user, now) === 'none' ? null : { ok: false, code: 'second_factor_required' };
}

/** Where to go to satisfy the rule, coming back to `returnTo` afterwards. */
export function secondFactorPath(need: Exclude<SecondFactorNeed, 'none'>, returnTo: string) {
	const back = encodeURIComponent(returnTo);
	return need === 'enrol' ? `/account/two-factor?redirectTo=${back}` : `/two-factor?redirectTo=${back}`;
}
