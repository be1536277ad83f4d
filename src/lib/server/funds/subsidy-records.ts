// The open-data side of a disbursement (SCDL subventions 2.1.1): the convention, decision, nature and
// payment a signatory of the coordinating organisation records before it is approved. Kept apart from
// commands.ts, which only asks `subsidyIncomplete` before approving.

import { eq } from 'drizzle-orm';
import { write, type Queryable } from '../db';
import { consortia, disbursements, funds, subsidyRecords, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { roleIn } from '../organisations/queries';
import { parseSubsidyDetails, type SubsidyField, type SubsidyProblem } from '../../domain/opendata/subsidy';

export type SubsidyOutcome =
	| { ok: true }
	| { ok: false; code: 'not_found' | 'signatories_only' | 'invalid_transition' }
	| { ok: false; code: 'invalid'; errors: Partial<Record<SubsidyField, SubsidyProblem>> };

/** Whether an approval must wait for the subsidy details. */
export async function subsidyIncomplete(q: Queryable, disbursementId: string): Promise<boolean> {
	const [row] = await q.select({ id: subsidyRecords.disbursementId }).from(subsidyRecords).where(eq(subsidyRecords.disbursementId, disbursementId));
	return !row;
}

/** A signatory of the coordinating organisation records (or corrects) the details of a proposed disbursement. */
export async function recordSubsidyDetails(user: User, disbursementId: string, input: Record<SubsidyField, string>, now = new Date()): Promise<SubsidyOutcome> {
	return write(async (tx) => {
		const [row] = await tx
			.select({ disbursement: disbursements, coordinator: consortia.coordinatorOrganisationId })
			.from(disbursements)
			.innerJoin(funds, eq(funds.id, disbursements.fundId))
			.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
			.where(eq(disbursements.id, disbursementId));
		if (!row) return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, row.coordinator, user.id)) !== 'signatory') return { ok: false, code: 'signatories_only' };
		if (row.disbursement.status !== 'proposed') return { ok: false, code: 'invalid_transition' };
		const parsed = parseSubsidyDetails(input);
		if (!parsed.ok) return { ok: false, code: 'invalid', errors: parsed.errors };
		const values = { ...parsed.value, recordedBy: user.id, recordedAt: now };
		await tx
			.insert(subsidyRecords)
			.values({ disbursementId, ...values })
			.onConflictDoUpdate({ target: subsidyRecords.disbursementId, set: values });
		await audit(
			tx,
			{ userId: user.id, organisationId: row.coordinator },
			'disbursement.subsidy_recorded',
			{ type: 'fund', id: row.disbursement.fundId },
			{ disbursementId, ...parsed.value },
			now
		);
		return { ok: true };
	});
}
