import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '../db';
import { calls, consortia, organisations, responses, type Call } from '../db/schema';
import { ownScores } from './queries';

/** From this stage on a call's award notice is public; before, nothing of its responses is. */
export const AWARD_STAGES: readonly Call['status'][] = ['decided', 'experimenting', 'evaluated'];

type Decidable = Pick<Call, 'id' | 'status' | 'decidedAt' | 'updatedAt'>;

/**
 * The award notices of several calls, by call id, in one query whatever their number: for each decided
 * call, when, how many responses were considered (submitted, never a draft or a withdrawn one), and the
 * selected ones with their amount. Calls not yet decided have no entry: nothing of their responses is public.
 */
export async function awardsOf(page: Decidable[]) {
	const decided = page.filter((c) => AWARD_STAGES.includes(c.status));
	const byCall = new Map<string, Award>();
	// One query for any non-empty page, decided calls on it or not: the cost does not depend on the data.
	if (page.length === 0) return byCall;
	const rows = await db()
		.select({
			callId: responses.callId,
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
		.innerJoin(calls, eq(calls.id, responses.callId))
		.where(
			and(
				inArray(
					responses.callId,
					page.map((c) => c.id)
				),
				inArray(calls.status, [...AWARD_STAGES]),
				inArray(responses.status, ['submitted', 'shortlisted', 'rejected', 'selected'])
			)
		);
	for (const call of decided) {
		const considered = rows.filter((r) => r.callId === call.id);
		byCall.set(call.id, {
			decidedAt: call.decidedAt ?? call.updatedAt,
			responses: considered.length,
			selected: considered
				.filter((r) => r.status === 'selected')
				.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
				.map(({ responseId, organisationId, organisationSlug, name, amountCents }) => ({ responseId, organisationId, organisationSlug, name, amountCents }))
		});
	}
	return byCall;
}

/** The award notice of one call, null before the decision. */
export async function awardOf(call: Decidable): Promise<Award | null> {
	return (await awardsOf([call])).get(call.id) ?? null;
}

export interface Award {
	decidedAt: Date;
	responses: number;
	selected: { responseId: string; organisationId: string; organisationSlug: string; name: string; amountCents: number }[];
}

/** The weighted mean score of each selected response: what a startup compares its own with. */
export async function selectedScores(callId: string, award: Award) {
	return Promise.all(award.selected.map(async (s) => ({ name: s.name, mean: (await ownScores(callId, s.responseId)).mean })));
}

/** The calls an organisation won, once each was declared decided (before, nothing of its responses is public). */
export function callsWonBy(organisationId: string) {
	return db()
		.select({
			callId: calls.id,
			title: calls.title,
			decidedAt: calls.decidedAt,
			publisher: organisations.name,
			amountCents: responses.priceCents
		})
		.from(responses)
		.innerJoin(calls, eq(calls.id, responses.callId))
		.innerJoin(organisations, eq(organisations.id, calls.publisherOrganisationId))
		.where(and(eq(responses.startupOrganisationId, organisationId), eq(responses.status, 'selected'), inArray(calls.status, [...AWARD_STAGES])))
		.orderBy(desc(calls.decidedAt));
}
