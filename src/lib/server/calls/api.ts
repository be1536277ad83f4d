import { inArray } from 'drizzle-orm';
import { db } from '../db';
import { callCriteria } from '../db/schema';
import { callDetails, departementsOfCalls, listPublicCalls, questionsOf, type CallFilters } from './queries';
import { awardOf } from './award';

// What the public API says of a call: never a draft, a response, a score or who asked a question.

type Listed = Awaited<ReturnType<typeof listPublicCalls>>['calls'][number];

function shape(call: Listed, criteria: { label: string; weight: number }[]) {
	return {
		id: call.id,
		title: call.title,
		theme: call.theme,
		status: call.status,
		audience: call.audience,
		budgetCents: call.budgetCents,
		durationMonths: call.durationMonths,
		legalFrame: call.legalFrame,
		opensAt: call.opensAt.toISOString(),
		closesAt: call.closesAt.toISOString(),
		publisher: { id: call.publisherId, name: call.publisherName },
		consortium: call.consortiumId ? { id: call.consortiumId, name: call.consortiumName } : null,
		departements: call.departements.map((d) => d.code),
		criteria
	};
}

/** A page of the public list with criteria, in three queries whatever its length. */
export async function publicCallsPage(filters: CallFilters, limit: number, offset: number) {
	const { calls, total } = await listPublicCalls(filters, offset, limit);
	const ids = calls.map((c) => c.id);
	const criteria = ids.length
		? await db().select().from(callCriteria).where(inArray(callCriteria.callId, ids)).orderBy(callCriteria.position)
		: [];
	return {
		data: calls.map((c) =>
			shape(
				c,
				criteria.filter((k) => k.callId === c.id).map((k) => ({ label: k.label, weight: k.weight }))
			)
		),
		nextOffset: offset + calls.length < total ? offset + calls.length : null
	};
}

export async function publicCall(id: string) {
	const details = await callDetails(id);
	if (!details || details.call.status === 'draft') return undefined;
	const { call, publisher, criteria } = details;
	const [questions, places, award] = await Promise.all([questionsOf(id, false), departementsOfCalls([id]), awardOf(details.call)]);
	return {
		...shape(
			{
				...call,
				publisherId: publisher.id,
				publisherName: publisher.name,
				publisherSlug: publisher.slug,
				consortiumId: details.consortium?.id ?? null,
				consortiumName: details.consortium?.name ?? null,
				departements: places.get(id) ?? []
			},
			criteria.map((k) => ({ label: k.label, weight: k.weight }))
		),
		challenge: call.challenge,
		questions: questions.map((q) => ({ question: q.question, answer: q.answer, answeredAt: q.answeredAt?.toISOString() ?? null })),
		// Null until the call is decided: nothing of its responses is public before.
		award: award && {
			decidedAt: award.decidedAt.toISOString(),
			responses: award.responses,
			selected: award.selected.map((r) => ({ organisationId: r.organisationId, name: r.name, amountCents: r.amountCents }))
		}
	};
}
