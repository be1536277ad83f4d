import * as m from '$lib/paraglide/messages';

/** The message for a refused project command. */
export function projectRefusal(code: string): string {
	switch (code) {
		case 'not_a_city':
			return m.err_project_need_city();
		case 'organisation_unverified':
			return m.err_org_unverified_publish();
		case 'unknown_departement':
			return m.err_project_departements();
		case 'not_editable':
			return m.err_project_not_editable();
		case 'forbidden':
			return m.error_forbidden();
		case 'invalid_transition':
			return m.err_project_transition();
		case 'already_invited':
			return m.err_coproposer_already();
		case 'invalid_coproposer':
			return m.err_choice();
		default:
			return m.err_project_gone();
	}
}
