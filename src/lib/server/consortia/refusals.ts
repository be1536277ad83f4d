// Every way a consortium command (or the délibération's upload) can refuse, with its message, status and field in
// ONE table: a code without an entry does not compile.

import * as m from '$lib/paraglide/messages';
import { refusalMessage, type RefusalTable } from '../shared/refusal';
import type { Outcome } from '../shared/outcome';

/** What a page adds to a consortium refusal: the largest upload, and whether the form was one of the coordinator's. */
export interface ConsortiumFigures {
	maxAttachmentMb: string;
	/** On the coordinator's forms a "forbidden" names who may do it. */
	coordinatorForm: boolean;
}

export const consortiumRefusals = {
	not_found: { message: m.consortium_err_not_found, status: 404 },
	dissolved: { message: m.consortium_err_dissolved, status: 400 },
	// Who may act (consortia/policy.ts).
	forbidden: { message: (f) => (f.coordinatorForm ? m.consortium_err_coordinators_only() : m.consortium_err_forbidden()), status: 403 },
	signatories_only: { message: m.consortium_err_signatories_only, status: 403 },
	not_a_local_authority: { message: m.consortium_err_need_local_authority, status: 400 },
	organisation_unverified: { message: m.consortium_err_organisation_unverified, status: 400 },
	no_council: { message: m.consortium_err_no_council, status: 400 },
	coordinator_cannot_withdraw: { message: m.consortium_err_coordinator_cannot_withdraw, status: 400 },
	second_factor_required: { message: m.refusal_second_factor_required, status: 400 },
	// Members and invitations.
	invalid_member: { message: m.consortium_err_invalid_member, status: 400 },
	already_member: { message: m.consortium_err_already_member, status: 400 },
	unknown_official: { message: m.consortium_err_unknown_official, status: 400 },
	invalid_transition: { message: m.consortium_err_invalid_transition, status: 400 },
	holds_money: { message: m.consortium_err_holds_money, status: 400 },
	// The délibération and its file.
	council_required: { message: m.consortium_err_council_required, status: 400, field: 'kind' },
	deliberation_in_future: { message: m.consortium_err_deliberation_in_future, status: 400, field: 'date' },
	deliberation_too_old: { message: m.consortium_err_deliberation_too_old, status: 400, field: 'date' },
	deliberation_number_format: { message: m.consortium_err_deliberation_number_format, status: 400, field: 'number' },
	deliberation_number_used: { message: m.consortium_err_deliberation_number_used, status: 400, field: 'number' },
	too_large: { message: (f) => m.attach_err_too_large({ max: f.maxAttachmentMb ?? '10' }), status: 400, field: 'file' },
	not_pdf: { message: m.attach_err_not_pdf, status: 400, field: 'file' },
	empty: { message: m.attach_err_empty, status: 400, field: 'file' }
} satisfies RefusalTable<string, ConsortiumFigures>;

export type ConsortiumRefusal = keyof typeof consortiumRefusals;
export type ConsortiumOutcome<T = object> = Outcome<T, ConsortiumRefusal>;

// The table, as the helpers of shared/refusal.ts read it.
const table: RefusalTable<ConsortiumRefusal, ConsortiumFigures> = consortiumRefusals;
export { table as consortiumRefusalTable };

/** The message for a refused consortium command, in the reader's language. */
export function consortiumRefusal(code: ConsortiumRefusal, figures: Partial<ConsortiumFigures> = {}): string {
	return refusalMessage(table, { code }, figures);
}
