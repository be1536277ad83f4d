import type { User } from '../db/schema';
import { secondFactorNeed, type SecondFactorNeed } from '../../domain/second-factor';

export interface SecondFactorState {
	/** The person has an authenticator enrolled. */
	enrolled: boolean;
	/** When this session last passed the second factor. */
	passedAt: Date | null;
}

/** A person as a signed-in session presents them: their account and that session's second factor. */
export type SessionUser = User & { secondFactor?: SecondFactorState };

/**
 * The one rule for actions that move public money or decide who may (approving a pledge, deciding a
 * disbursement, recording a délibération, every platform-administrator decision): what the person
 * must still do in this session. Pages use it to ask for the code; commands use it to refuse.
 */
export function secondFactorNeedOf(user: SessionUser, now = new Date()): SecondFactorNeed {
	return user.secondFactor ? secondFactorNeed(user.secondFactor, now) : 'none';
}

/**
 * The commands' refusal. A user without session state is the platform acting by itself (demo seed,
 * deadline jobs, the command line) or a test of another rule: every request-borne user carries it,
 * because `validateSessionToken` is the only way a request gets one.
 */
export function secondFactorRefusal(user: SessionUser, now = new Date()): { ok: false; code: 'second_factor_required' } | null {
	return secondFactorNeedOf(user, now) === 'none' ? null : { ok: false, code: 'second_factor_required' };
}

/** Where to go to satisfy the rule, coming back to `returnTo` afterwards. */
export function secondFactorPath(need: Exclude<SecondFactorNeed, 'none'>, returnTo: string) {
	const back = encodeURIComponent(returnTo);
	return need === 'enrol' ? `/account/two-factor?redirectTo=${back}` : `/two-factor?redirectTo=${back}`;
}
