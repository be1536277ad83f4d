import { formFailure } from '$lib/schemas/parse';
import * as m from '$lib/paraglide/messages';
import type { CallDocumentRefusal } from './documents';
import { MAX_ATTACHMENT_BYTES } from '../uploads/store';
import { MAX_CALL_DOCUMENTS } from '../../domain/call-documents';

/** The message for a refused call command. */
export function callRefusal(code: string): string {
	switch (code) {
		case 'not_a_publisher':
			return m.err_call_need_publisher();
		case 'organisation_unverified':
			return m.err_org_unverified_publish();
		case 'forbidden':
			return m.error_forbidden();
		case 'frozen':
			return m.err_call_frozen();
		case 'not_coordinator':
			return m.err_call_not_coordinator();
		case 'invalid_transition':
			return m.err_project_transition();
		case 'closes_in_past':
			return m.err_call_closes_in_past();
		case 'not_later':
			return m.err_call_not_later();
		case 'undecided_responses':
			return m.err_call_undecided();
		case 'call_not_open':
			return m.err_call_not_open();
		case 'startups_only':
			return m.err_call_startups_only();
		case 'coordinators_only':
			return m.err_call_coordinators_only();
		case 'not_eligible':
			return m.err_call_not_eligible();
		case 'other_consortium':
			return m.err_call_other_consortium();
		case 'too_short':
			return m.err_call_too_short();
		case 'closes_before_opens':
			return m.err_call_closes_before_opens();
		case 'questions_closed':
			return m.qa_err_questions_closed();
		case 'questions_after_deadline':
			return m.qa_err_after_deadline();
		case 'questions_before_opening':
			return m.qa_err_before_opening();
		default:
			return code.startsWith('criteria_') ? m.err_criteria() : m.err_call_gone();
	}
}

/** A refused create or update: schedule problems go next to the closing date, criteria next to the criteria. */
export function callFailure(code: string, values: Record<string, string>) {
	if (code === 'too_short' || code === 'closes_before_opens') return formFailure({ values, errors: { closesAt: callRefusal(code) } });
	if (code.startsWith('questions_')) return formFailure({ values, errors: { questionsCloseAt: callRefusal(code) } });
	if (code.startsWith('criteria_')) return formFailure({ values, errors: { criteria: callRefusal(code) } });
	return formFailure({ values, message: callRefusal(code) });
}

/** The message for a refused change to a call's documents, or to the file given for one. */
export function callDocumentRefusal(code: CallDocumentRefusal | 'too_large' | 'not_pdf' | 'empty' | 'no_file'): string {
	const messages = {
		not_found: () => m.err_call_gone(),
		not_a_publisher: () => m.err_call_need_publisher(),
		forbidden: () => m.calldoc_err_admin_only(),
		organisation_unverified: () => m.err_org_unverified_publish(),
		documents_frozen: () => m.calldoc_err_frozen(),
		too_many_documents: () => m.calldoc_err_too_many({ max: String(MAX_CALL_DOCUMENTS) }),
		too_large: () => m.attach_err_too_large({ max: String(MAX_ATTACHMENT_BYTES / 1024 / 1024) }),
		not_pdf: () => m.attach_err_not_pdf(),
		empty: () => m.attach_err_empty(),
		no_file: () => m.calldoc_err_no_file()
	} satisfies Record<typeof code, () => string>;
	return messages[code]();
}
