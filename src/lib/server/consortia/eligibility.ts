import { and, eq, inArray } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { consortia, type Call } from '../db/schema';
import { checkRules, consortiumStatusFor, type RuleReport } from '../../domain/consortia';
import { ruleReport } from './state';

export interface Eligibility {
	consortiumId: string;
	name: string;
	/** The consortium's own rules hold and its councils have voted. */
	active: boolean;
	/** The call's rules, applied to the consortium's current members. */
	report: RuleReport;
	eligible: boolean;
}

/** Whether a consortium may answer a call addressed to consortia, and what it lacks. */
export async function eligibilityFor(
	tx: Queryable,
	consortiumId: string,
	call: Pick<Call, 'eligibilityMinMembers' | 'eligibilityMinDepartements' | 'eligibilityAllowedRegions'>
): Promise<Eligibility> {
	const { consortium, members, report: own } = await ruleReport(tx, consortiumId);
	const report = checkRules(
		{
			minMembers: call.eligibilityMinMembers ?? 2,
			minDepartements: call.eligibilityMinDepartements ?? 2,
			allowedRegions: call.eligibilityAllowedRegions
		},
		members
	);
	const active = consortiumStatusFor(consortium.status, own) === 'active';
	return { consortiumId, name: consortium.name, active, report, eligible: active && report.holds };
}

/** The eligibility of every consortium an organisation coordinates, for a call. */
export async function eligibilityOfCoordinated(organisationId: string, call: Parameters<typeof eligibilityFor>[2]) {
	const coordinated = await db()
		.select({ id: consortia.id })
		.from(consortia)
		.where(and(eq(consortia.coordinatorOrganisationId, organisationId), inArray(consortia.status, ['forming', 'active'])));
	return Promise.all(coordinated.map((c) => eligibilityFor(db(), c.id, call)));
}
