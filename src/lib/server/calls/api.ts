import { inArray } from 'drizzle-orm';
import { db } from '../db';
import { callCriteria } from '../db/schema';
import { callDetails, departementsOfCalls, listPublicCalls, questionsOf, type CallFilters } from './queries';
import { awardOf, awardsOf, type Award } from './award';
import { changesOf, documentsOf } from './documents';

// What the public API says of a call: never a draft, a response, a score or who asked a question.

type Listed = Awaited<ReturnType<typeof listPublicCalls>>['calls'][number];

/** The award notice as the API says it: null until the call is decided, nothing of its responses before. */
function awardJson(award: Award | null | undefined) {
	if (!award) return null;
	return {
		decidedAt: award.decidedAt.toISOString(),
		responses: award.responses,
		selected: award.selected.map((r) => ({ organisationId: r.organisationId, name: r.name, amountCents: r.amountCents }))
	};
}

function shape(call: Listed, criteria: { label: string; weight: number }[], award: Award | null | undefined) {
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
		criteria,
		award: awardJson(award)
	};
}

/** A page of the public list with criteria and award notices, in a fixed number of queries whatever its length. */
export async function publicCallsPage(filters: CallFilters, limit: number, offset: number) {
	const { calls, total } = await listPublicCalls(filters, offset, limit);
	const ids = calls.map((c) => c.id);
	const [criteria, awards] = await Promise.all([
		ids.length ? db().select().from(callCriteria).where(inArray(callCriteria.callId, ids)).orderBy(callCriteria.position) : [],
		awardsOf(calls)
	]);
	return {
		data: calls.map((c) =>
			shape(
				c,
				criteria.filter((k) => k.callId === c.id).map((k) => ({ label: k.label, weight: k.weight })),
				awards.get(c.id)
			)
		),
		nextOffset: offset + calls.length < total ? offset + calls.length : null
	};
}

export async function publicCall(id: string) {
	const details = await callDetails(id);
	if (!details || details.call.status === 'draft') return undefined;
	const { call, publisher, criteria } = details;
	const [questions, places, award, documents, changes] = await Promise.all([
		questionsOf(id, false),
		departementsOfCalls([id]),
		awardOf(details.call),
		documentsOf(id),
		changesOf(id)
	]);
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
			criteria.map((k) => ({ label: k.label, weight: k.weight })),
			award
		),
		challenge: call.challenge,
		questions: questions.map((q) => ({ question: q.question, answer: q.answer, answeredAt: q.answeredAt?.toISOString() ?? null })),
		documents: documents.map((d) => ({
			id: d.id,
			name: d.name,
			sizeBytes: d.size,
			sha256: d.sha256,
			addedAt: d.addedAt.toISOString(),
			url: `/calls/${id}/documents/${d.id}`
		})),
		changes: changes.map((c) => ({ at: c.at.toISOString(), kind: c.kind, documentName: c.documentName, note: c.note }))
	};
}
