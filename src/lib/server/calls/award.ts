import { and, eq, inArray, sql } from 'drizzle-orm';
import { db } from '../db';
import { consortia, organisations, responses, type Call } from '../db/schema';
import { ownScores } from './queries';

/** From this stage on a call's award notice is public; before, nothing of its responses is. */
export const AWARD_STAGES: readonly Call['status'][] = ['decided', 'experimenting', 'evaluated'];

/**
 * The award notice of a decided call: when, how many responses were considered (submitted, never a
 * draft or a withdrawn one), and the selected ones with their amount. Null before the decision.
 */
export async function awardOf(call: Pick<Call, 'id' | 'status' | 'decidedAt' | 'updatedAt'>) {
	if (!AWARD_STAGES.includes(call.status)) return null;
	const rows = await db()
		.select({
			responseId: responses.id,
			status: responses.status,
			organisationId: organisations.id,
			organisationSlug: organisations.slug,
			// For a call addressed to consortia, the consortium's name rather than its coordinator's.
			name: sql<string>`coalesce(${consortia.name}, ${organisations.name})`,
			amountCents: responses.priceCents
		})
		.from(responses)
		.innerJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
		.leftJoin(consortia, eq(consortia.id, responses.consortiumId))
		.where(and(eq(responses.callId, call.id), inArray(responses.status, ['submitted', 'shortlisted', 'rejected', 'selected'])));
	return {
		decidedAt: call.decidedAt ?? call.updatedAt,
		responses: rows.length,
		selected: rows
			.filter((r) => r.status === 'selected')
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
			.map(({ responseId, organisationId, organisationSlug, name, amountCents }) => ({ responseId, organisationId, organisationSlug, name, amountCents }))
	};
}

export type Award = NonNullable<Awaited<ReturnType<typeof awardOf>>>;

/** The weighted mean score of each selected response: what a startup compares its own with. */
export async function selectedScores(callId: string, award: Award) {
	return Promise.all(award.selected.map(async (s) => ({ name: s.name, mean: (await ownScores(callId, s.responseId)).mean })));
}
