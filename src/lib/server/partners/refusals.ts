import * as m from '$lib/paraglide/messages';
import type { InterestCommandRefusal } from './interests';

const messages = {
	not_signed_in: () => m.interest_err_acting(),
	not_a_city: () => m.interest_err_city(),
	organisation_unverified: () => m.err_org_unverified_publish(),
	forbidden: () => m.interest_err_admin(),
	own_project: () => m.interest_err_own(),
	project_closed: () => m.interest_err_closed(),
	not_found: () => m.err_project_gone(),
	already_requested: () => m.interest_err_already(),
	already_partner: () => m.interest_err_partner(),
	invalid_replica: () => m.err_choice(),
	already_answered: () => m.interest_err_answered()
} satisfies Record<InterestCommandRefusal, () => string>;

/** The message for a refused rapprochement command, in the reader's language. */
export function interestRefusalMessage(code: string): string {
	return (messages as Record<string, () => string>)[code]?.() ?? m.error_forbidden();
}
