// Every way a rapprochement command (an interest, its answer, a replication) or the project's reuse record can
// refuse, with its message, status and field in ONE table each: a code without an entry does not compile.
// These forms have always answered a refusal with 400 and the message above the form; the tables keep that.

import * as m from '$lib/paraglide/messages';
import type { RefusalTable } from '../shared/refusal';
import type { InterestCommandRefusal } from './interests';
import type { ReuseRefusal } from './reuse';

export const interestRefusalTable = {
	not_signed_in: { message: m.interest_err_acting, status: 400 },
	not_a_city: { message: m.interest_err_city, status: 400 },
	organisation_unverified: { message: m.err_org_unverified_publish, status: 400 },
	forbidden: { message: m.interest_err_admin, status: 400 },
	own_project: { message: m.interest_err_own, status: 400 },
	project_closed: { message: m.interest_err_closed, status: 400 },
	not_found: { message: m.err_project_gone, status: 400 },
	already_requested: { message: m.interest_err_already, status: 400 },
	already_partner: { message: m.interest_err_partner, status: 400 },
	invalid_replica: { message: m.err_choice, status: 400 },
	already_answered: { message: m.interest_err_answered, status: 400 }
} satisfies RefusalTable<InterestCommandRefusal>;

export const reuseRefusalTable = {
	not_found: { message: m.err_project_gone, status: 400 },
	forbidden: { message: m.error_forbidden, status: 400 },
	not_editable: { message: m.err_project_not_editable, status: 400 }
} satisfies RefusalTable<ReuseRefusal>;
