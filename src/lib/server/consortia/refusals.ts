import * as m from '$lib/paraglide/messages';

/**
 * The message for a refused consortium command, in the reader's language. `byCoordinator` says the
 * action was one of the coordinator's, so that "forbidden" names who may do it.
 */
export function consortiumRefusal(code: string, { maxAttachmentMb = '10', byCoordinator = false } = {}): string {
	switch (code) {
		case 'dissolved':
			return m.consortium_err_dissolved();
		case 'forbidden':
			return byCoordinator ? m.consortium_err_coordinators_only() : m.consortium_err_forbidden();
		case 'invalid_member':
			return m.consortium_err_invalid_member();
		case 'already_member':
			return m.consortium_err_already_member();
		case 'unknown_official':
			return m.consortium_err_unknown_official();
		case 'invalid_transition':
			return m.consortium_err_invalid_transition();
		case 'signatories_only':
			return m.consortium_err_signatories_only();
		case 'no_council':
			return m.consortium_err_no_council();
		case 'council_required':
			return m.consortium_err_council_required();
		case 'deliberation_in_future':
			return m.consortium_err_deliberation_in_future();
		case 'deliberation_too_old':
			return m.consortium_err_deliberation_too_old();
		case 'deliberation_number_format':
			return m.consortium_err_deliberation_number_format();
		case 'deliberation_number_used':
			return m.consortium_err_deliberation_number_used();
		case 'coordinator_cannot_withdraw':
			return m.consortium_err_coordinator_cannot_withdraw();
		case 'not_a_local_authority':
			return m.consortium_err_need_local_authority();
		case 'organisation_unverified':
			return m.consortium_err_organisation_unverified();
		case 'holds_money':
			return m.consortium_err_holds_money();
		case 'too_large':
			return m.attach_err_too_large({ max: maxAttachmentMb });
		case 'not_pdf':
			return m.attach_err_not_pdf();
		default:
			return m.consortium_err_not_found();
	}
}

/** The HTTP status a refusal is sent with. */
export function refusalStatus(code: string): 400 | 403 | 404 {
	if (code === 'forbidden' || code === 'signatories_only') return 403;
	if (code === 'not_found') return 404;
	return 400;
}

/** The field of the délibération form a refusal is about, if any; otherwise the form as a whole. */
export function deliberationField(code: string): 'number' | 'date' | 'kind' | 'file' | null {
	switch (code) {
		case 'deliberation_number_format':
		case 'deliberation_number_used':
			return 'number';
		case 'deliberation_in_future':
		case 'deliberation_too_old':
			return 'date';
		case 'council_required':
			return 'kind';
		case 'too_large':
		case 'not_pdf':
			return 'file';
		default:
			return null;
	}
}
