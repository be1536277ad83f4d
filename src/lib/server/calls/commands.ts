import { and, eq, inArray, lte } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { callCriteria, callEvaluators, callQuestions, calls, consortia, memberships, organisations, responses, type User } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { indexCall } from './search-index';
import { followersOf } from '../follows/follows';
import { alertCallSearches } from './search-alerts';
import { questionsCloseAt, questionsDateProblem } from '../../domain/call-questions';
import { adminsOf, roleIn } from '../organisations/queries';
import { canExtendDeadline, canMoveCall, checkSchedule, criteriaProblem, type CallStatus } from '../../domain/calls';
import type { CallInput } from '$lib/schemas/calls';
import { mayActForPublisher, mayAskQuestion } from './policy';
import type { CallOutcome, CallRefusal, EvaluationOutcome } from './refusals';

/** The organisation if `user` may act for it on calls (mayActForPublisher; adminOnly: publish, assign, decide). */
export async function publisherFor(tx: Tx, user: User, organisationId: string, adminOnly = false) {
	const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
	const role = organisation ? await roleIn(tx, organisationId, user.id) : null;
	const verdict = mayActForPublisher(organisation, role, adminOnly);
	if (!verdict.ok || !organisation || !role) return { refusal: verdict.ok ? ('forbidden' as const) : verdict.code };
	return { organisation, role };
}

async function loadCall(tx: Tx, callId: string) {
	const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
	return call;
}

function validateInput(input: CallInput): CallRefusal | null {
	const schedule = checkSchedule(input.opensAt, input.closesAt);
	if (!schedule.ok) return schedule.problem;
	const questions = questionsDateProblem(input.opensAt, input.closesAt, input.questionsCloseAt ?? null);
	if (questions) return questions;
	const problem = criteriaProblem(input.criteria);
	return problem ? `criteria_${problem}` : null;
}

async function writeCriteria(tx: Tx, callId: string, criteria: CallInput['criteria']) {
	await tx.delete(callCriteria).where(eq(callCriteria.callId, callId));
	await tx.insert(callCriteria).values(criteria.map((c, position) => ({ id: newId(), callId, position, label: c.label.trim(), weight: c.weight })));
}

/** A call on a consortium's behalf is published by the consortium's coordinator only. */
async function consortiumProblem(tx: Tx, organisationId: string, consortiumId: string | null): Promise<'not_coordinator' | null> {
	if (!consortiumId) return null;
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	if (!consortium || consortium.status === 'dissolved' || consortium.coordinatorOrganisationId !== organisationId) {
		return 'not_coordinator';
	}
	return null;
}

function fields(input: CallInput) {
	return {
		consortiumId: input.consortiumId,
		audience: input.audience,
		questionsCloseAt: input.questionsCloseAt ?? null,
		eligibilityMinMembers: input.eligibility?.minMembers ?? null,
		eligibilityMinDepartements: input.eligibility?.minDepartements ?? null,
		eligibilityAllowedRegions: input.eligibility?.allowedRegions ?? [],
		title: input.title,
		challenge: input.challenge,
		theme: input.theme,
		budgetCents: input.budget,
		durationMonths: input.durationMonths,
		legalFrame: input.legalFrame,
		opensAt: input.opensAt,
		closesAt: input.closesAt
	};
}

/** A verified city, intercommunality or partner drafts a call. */
export async function createCall(user: User, organisationId: string, input: CallInput): Promise<CallOutcome<{ id: string }>> {
	const invalid = validateInput(input);
	if (invalid) return { ok: false, code: invalid };
	return write(async (tx) => {
		const publisher = await publisherFor(tx, user, organisationId);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		const onBehalf = await consortiumProblem(tx, organisationId, input.consortiumId);
		if (onBehalf) return { ok: false, code: onBehalf };
		const id = newId();
		const now = new Date();
		await tx.insert(calls).values({ id, publisherOrganisationId: organisationId, createdBy: user.id, createdAt: now, updatedAt: now, ...fields(input) });
		await writeCriteria(tx, id, input.criteria);
		await indexCall(tx, id);
		await audit(tx, { userId: user.id, organisationId }, 'call.created', { type: 'call', id }, { title: input.title });
		return { ok: true, id };
	});
}

/** Only a draft can be edited whole: once open, criteria and dates are frozen. */
export async function updateCall(user: User, callId: string, input: CallInput): Promise<CallOutcome> {
	const invalid = validateInput(input);
	if (invalid) return { ok: false, code: invalid };
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (call.status !== 'draft') return { ok: false, code: 'frozen' };
		const onBehalf = await consortiumProblem(tx, call.publisherOrganisationId, input.consortiumId);
		if (onBehalf) return { ok: false, code: onBehalf };
		await tx
			.update(calls)
			.set({ ...fields(input), updatedAt: new Date() })
			.where(eq(calls.id, callId));
		await writeCriteria(tx, callId, input.criteria);
		await indexCall(tx, callId);
		await audit(tx, { userId: user.id, organisationId: call.publisherOrganisationId }, 'call.updated', { type: 'call', id: callId });
		return { ok: true };
	});
}

/** The publisher's admin opens a draft call. */
export async function publishCall(user: User, callId: string, now = new Date()): Promise<CallOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId, true);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (!canMoveCall(call.status, 'open')) return { ok: false, code: 'invalid_transition' };
		if (call.closesAt <= now) return { ok: false, code: 'closes_in_past' };
		const criteria = await tx.select().from(callCriteria).where(eq(callCriteria.callId, callId));
		if (criteriaProblem(criteria)) return { ok: false, code: 'criteria_sum_not_100' };
		await tx.update(calls).set({ status: 'open', publishedAt: now, updatedAt: now }).where(eq(calls.id, callId));
		// The consortium may have grown since the draft: the places are those on the day it opens.
		await indexCall(tx, callId);
		await alertCallSearches(tx, callId, call.title);
		await audit(tx, { userId: user.id, organisationId: call.publisherOrganisationId }, 'call.opened', { type: 'call', id: callId });
		return { ok: true };
	});
}

async function startupsWithResponses(tx: Tx, callId: string, statuses: string[]) {
	const rows = await tx
		.select({ userId: memberships.userId })
		.from(responses)
		.innerJoin(memberships, eq(memberships.organisationId, responses.startupOrganisationId))
		.where(and(eq(responses.callId, callId), inArray(responses.status, statuses as never[])));
	return rows.map((r) => r.userId);
}

/** The deadline of an open call may only move later; everyone who started a response is told. */
export async function extendDeadline(user: User, callId: string, closesAt: Date): Promise<CallOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId, true);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (!canExtendDeadline(call.status, call.closesAt, closesAt)) return { ok: false, code: 'not_later' };
		await tx.update(calls).set({ closesAt, updatedAt: new Date() }).where(eq(calls.id, callId));
		await audit(
			tx,
			{ userId: user.id, organisationId: call.publisherOrganisationId },
			'call.deadline_extended',
			{ type: 'call', id: callId },
			{
				from: call.closesAt.toISOString(),
				to: closesAt.toISOString()
			}
		);
		await notify(tx, [...(await startupsWithResponses(tx, callId, ['draft', 'submitted'])), ...(await followersOf(tx, 'call', callId))], {
			type: 'call.deadline_extended',
			params: { call: call.title, date: closesAt.toISOString() },
			link: `/calls/${callId}`
		});
		return { ok: true };
	});
}

/**
 * Closes every open call whose deadline has passed. Idempotent: run it twice, or after a restart,
 * and each call closes once (the update only matches calls still open). Run every 30 s, it nearly always
 * finds nothing: it looks first (one indexed read) and takes the write lock only when a call is due.
 */
export async function closeDueCalls(now = new Date()) {
	const dueNow = and(eq(calls.status, 'open'), lte(calls.closesAt, now));
	const [anyDue] = await db().select({ id: calls.id }).from(calls).where(dueNow).limit(1);
	if (!anyDue) return 0;
	return write(async (tx) => {
		const due = await tx.select({ id: calls.id, title: calls.title, publisher: calls.publisherOrganisationId }).from(calls).where(dueNow);
		for (const call of due) {
			const result = await tx
				.update(calls)
				.set({ status: 'closed', closedAt: now, updatedAt: now })
				.where(and(eq(calls.id, call.id), eq(calls.status, 'open')));
			if (result.rowsAffected === 0) continue;
			await audit(tx, platformActor, 'call.closed', { type: 'call', id: call.id });
			await notify(tx, await adminsOf(tx, [call.publisher]), {
				type: 'call.closed',
				params: { call: call.title },
				link: `/calls/${call.id}/evaluation`
			});
		}
		return due.length;
	});
}

/** The publisher's admin moves a call on: closed → evaluating → decided → experimenting → evaluated. */
export async function moveCall(user: User, callId: string, to: CallStatus): Promise<EvaluationOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId, true);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (to === 'open' || to === 'closed' || !canMoveCall(call.status, to)) return { ok: false, code: 'invalid_transition' };
		if (to === 'decided') {
			const undecided = await tx
				.select({ id: responses.id })
				.from(responses)
				.where(and(eq(responses.callId, callId), inArray(responses.status, ['submitted', 'shortlisted'])));
			if (undecided.length > 0) return { ok: false, code: 'undecided_responses' };
		}
		const now = new Date();
		await tx
			.update(calls)
			.set({ status: to, updatedAt: now, ...(to === 'decided' ? { decidedAt: now } : {}) })
			.where(eq(calls.id, callId));
		await audit(tx, { userId: user.id, organisationId: call.publisherOrganisationId }, `call.${to}`, { type: 'call', id: callId });
		if (to === 'decided') {
			await notify(tx, await startupsWithResponses(tx, callId, ['selected', 'rejected']), {
				type: 'call.decided',
				params: { call: call.title },
				link: `/calls/${callId}/respond`
			});
			const told = new Set(await startupsWithResponses(tx, callId, ['selected', 'rejected']));
			await notify(
				tx,
				(await followersOf(tx, 'call', callId)).filter((id) => !told.has(id)),
				{
					type: 'call.decided',
					params: { call: call.title },
					link: `/calls/${callId}`
				}
			);
		}
		return { ok: true };
	});
}

/** A member of a verified startup asks a public question on an open call. */
export async function askQuestion(user: User, callId: string, startupId: string, question: string, now = new Date()): Promise<CallOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call || call.status !== 'open') return { ok: false, code: 'call_not_open' };
		if (now >= questionsCloseAt(call)) return { ok: false, code: 'questions_closed' };
		const [startup] = await tx.select().from(organisations).where(eq(organisations.id, startupId));
		const asking = mayAskQuestion(startup, startup ? await roleIn(tx, startupId, user.id) : null);
		if (!asking.ok) return asking;
		const id = newId();
		await tx.insert(callQuestions).values({ id, callId, askedBy: user.id, askedForOrganisationId: startupId, question, askedAt: new Date() });
		await audit(tx, { userId: user.id, organisationId: startupId }, 'call.question_asked', { type: 'call', id: callId }, { questionId: id });
		await notify(tx, await adminsOf(tx, [call.publisherOrganisationId]), {
			type: 'call.question_asked',
			params: { call: call.title },
			link: `/calls/${callId}#questions`
		});
		return { ok: true };
	});
}

/** The publisher answers; everyone sees the answer, and the asker is told (without being named). */
export async function answerQuestion(user: User, callId: string, questionId: string, answer: string): Promise<CallOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		const [question] = await tx
			.select()
			.from(callQuestions)
			.where(and(eq(callQuestions.id, questionId), eq(callQuestions.callId, callId)));
		if (!question) return { ok: false, code: 'not_found' };
		await tx.update(callQuestions).set({ answer, answeredBy: user.id, answeredAt: new Date() }).where(eq(callQuestions.id, questionId));
		await audit(tx, { userId: user.id, organisationId: call.publisherOrganisationId }, 'call.question_answered', { type: 'call', id: callId }, { questionId });
		await notify(tx, [question.askedBy], { type: 'call.question_answered', params: { call: call.title }, link: `/calls/${callId}#questions` });
		// Everyone preparing or having sent a response, and the call's followers, read the answer too.
		const concerned = [...(await startupsWithResponses(tx, callId, ['draft', 'submitted'])), ...(await followersOf(tx, 'call', callId))];
		await notify(
			tx,
			concerned.filter((id) => id !== question.askedBy),
			{ type: 'call.answer_published', params: { call: call.title }, link: `/calls/${callId}#questions` }
		);
		return { ok: true };
	});
}

/** The publisher's admin makes one of its members an evaluator of the call, or removes them. */
export async function setEvaluator(user: User, callId: string, evaluatorId: string, assigned: boolean): Promise<EvaluationOutcome> {
	return write(async (tx) => {
		const call = await loadCall(tx, callId);
		if (!call) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, call.publisherOrganisationId, true);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (!(await roleIn(tx, call.publisherOrganisationId, evaluatorId))) return { ok: false, code: 'not_a_member' };
		// Once decided, the evaluation is a record: who evaluated no longer changes.
		if (!['draft', 'open', 'closed', 'evaluating'].includes(call.status)) return { ok: false, code: 'invalid_transition' };
		if (assigned) {
			await tx.insert(callEvaluators).values({ callId, userId: evaluatorId, assignedBy: user.id, assignedAt: new Date() }).onConflictDoNothing();
			await notify(tx, [evaluatorId], { type: 'call.evaluator_assigned', params: { call: call.title }, link: `/calls/${callId}/evaluation` });
		} else {
			await tx.delete(callEvaluators).where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, evaluatorId)));
		}
		await audit(
			tx,
			{ userId: user.id, organisationId: call.publisherOrganisationId },
			assigned ? 'call.evaluator_assigned' : 'call.evaluator_removed',
			{
				type: 'call',
				id: callId
			},
			{ evaluatorId }
		);
		return { ok: true };
	});
}
