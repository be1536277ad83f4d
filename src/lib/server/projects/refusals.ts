// Every way a project command (or its documents' upload) can refuse, with its message, status and field in ONE
// table: a code without an entry does not compile.

import * as m from '$lib/paraglide/messages';
import { uploadRefusals } from '../uploads/refusals';
import type { RefusalTable } from '../shared/refusal';
import type { Outcome } from '../shared/outcome';
import { MAX_PROJECT_DOCUMENTS } from '../../domain/project-documents';

export const projectRefusals = {
	not_found: { message: m.err_project_gone, status: 404 },
	// Who may act (projects/policy.ts).
	forbidden: { message: m.error_forbidden, status: 403 },
	not_a_city: { message: m.err_project_need_city, status: 403 },
	organisation_unverified: { message: m.err_org_unverified_publish, status: 400 },
	// The project and its places.
	unknown_departement: { message: m.err_project_departements, status: 400 },
	not_editable: { message: m.err_project_not_editable, status: 400 },
	invalid_transition: { message: m.err_project_transition, status: 400 },
	// Its co-proposers.
	already_invited: { message: m.err_coproposer_already, status: 400 },
	invalid_coproposer: { message: m.err_choice, status: 400 },
	// Its documents.
	too_many_documents: { message: () => m.projdoc_err_too_many({ max: String(MAX_PROJECT_DOCUMENTS) }), status: 400 },
	...uploadRefusals('document')
} satisfies RefusalTable<string>;

export type ProjectRefusal = keyof typeof projectRefusals;
export type ProjectOutcome<T = object> = Outcome<T, ProjectRefusal>;
export const projectRefusalTable: RefusalTable<ProjectRefusal> = projectRefusals;
