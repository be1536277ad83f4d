import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, rawClient, write } from '$lib/server/db';
import { calls, memberships, type User } from '$lib/server/db/schema';
import {
	answerQuestion,
	askQuestion,
	closeDueCalls,
	createCall,
	extendDeadline,
	moveCall,
	publishCall,
	setEvaluator,
	updateCall
} from '$lib/server/calls/commands';
import { saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { declareConflict, decideResponse, scoreResponse } from '$lib/server/calls/evaluation';
import { callDetails, evaluationBoard, ownScores, questionsOf, responseForViewer } from '$lib/server/calls/queries';
import { publicCall, publicCallsPage } from '$lib/server/calls/api';
import type { CallInput, ResponseInput } from '$lib/schemas/calls';
import { createUser, useTestDatabase } from './support';
import { callInput as baseCall, organisation } from './fixtures-calls';

useTestDatabase();

const DAY = 86_400_000;

/** The call of these tests: footfall sensors, judged on privacy and price. */
const callInput = (overrides: Partial<CallInput> = {}): CallInput =>
	baseCall({
		title: 'Capteurs de fréquentation',
		challenge: 'Mesurer sans filmer.',
		theme: 'town_centre_commerce',
		budget: 50_000_00,
		criteria: [
			{ label: 'Vie privée', weight: 60 },
			{ label: 'Prix', weight: 40 }
		],
		...overrides
	});

const answer: ResponseInput = { proposal: 'Notre pilote', price: 40_000_00, durationMonths: 6, team: 'Trois personnes', references: '' };

let cityAdmin: User, cityMember: User, founder: User, rival: User, stranger: User;
let city: string, startup: string, rivalStartup: string;

beforeAll(async () => {
	[cityAdmin, cityMember, founder, rival, stranger] = await Promise.all([createUser(), createUser(), createUser(), createUser(), createUser()]);
	city = await organisation('city', 'bethune', [
		[cityAdmin, 'admin'],
		[cityMember, 'member']
	]);
	startup = await organisation('startup', 'capteurs', [[founder, 'admin']]);
	rivalStartup = await organisation('startup', 'rival', [[rival, 'admin']]);
});

async function openCall(overrides: Partial<CallInput> = {}) {
	const created = await createCall(cityMember, city, callInput(overrides));
	if (!created.ok) throw new Error(created.code);
	expect(await publishCall(cityMember, created.id)).toEqual({ ok: false, code: 'forbidden' });
	expect(await publishCall(cityAdmin, created.id)).toEqual({ ok: true });
	return created.id;
}

describe('calls', () => {
	it('refuse a schedule under 7 days and criteria that do not add up to 100', async () => {
		const opensAt = new Date();
		expect(await createCall(cityAdmin, city, callInput({ opensAt, closesAt: new Date(opensAt.getTime() + 6 * DAY) }))).toEqual({
			ok: false,
			code: 'too_short'
		});
		expect(await createCall(cityAdmin, city, callInput({ criteria: [{ label: 'A', weight: 50 }] }))).toEqual({ ok: false, code: 'criteria_sum_not_100' });
		expect(await createCall(founder, startup, callInput())).toEqual({ ok: false, code: 'not_a_publisher' });
	});

	it('freeze criteria and dates once open; the deadline only moves later and notifies', async () => {
		const id = await openCall();
		await saveResponse(founder, id, startup, answer, null);
		expect(await updateCall(cityAdmin, id, callInput())).toEqual({ ok: false, code: 'frozen' });
		const call = (await callDetails(id))!.call;
		expect(await extendDeadline(cityAdmin, id, new Date(call.closesAt.getTime() - DAY))).toEqual({ ok: false, code: 'not_later' });
		expect(await extendDeadline(cityAdmin, id, new Date(call.closesAt.getTime() + 7 * DAY))).toEqual({ ok: true });
		const told = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, founder.id) });
		expect(told.map((n) => n.type)).toContain('call.deadline_extended');
	});

	it('show answered questions to everyone, without who asked', async () => {
		const id = await openCall();
		expect(await askQuestion(cityAdmin, id, city, 'Une question ?')).toEqual({ ok: false, code: 'startups_only' });
		expect(await askQuestion(founder, id, startup, 'Les capteurs sur les lampadaires ?')).toEqual({ ok: true });
		expect(await questionsOf(id, false)).toEqual([]);
		const [question] = await questionsOf(id, true);
		expect(await answerQuestion(founder, id, question.id, 'Oui')).toEqual({ ok: false, code: 'forbidden' });
		expect(await answerQuestion(cityMember, id, question.id, 'Oui, la ville fournit le courant.')).toEqual({ ok: true });
		const published = await questionsOf(id, false);
		expect(published).toEqual([expect.objectContaining({ question: 'Les capteurs sur les lampadaires ?', answer: 'Oui, la ville fournit le courant.' })]);
		expect(Object.keys(published[0])).not.toContain('askedBy');
		const api = await publicCall(id);
		expect(JSON.stringify(api)).not.toContain(founder.id);
		expect(api?.questions).toHaveLength(1);
	});

	it('close by themselves at the deadline, once, even when the job runs twice or late', async () => {
		// The job closes every due call of the database, those of the tests above too: they close 30 days
		// after their creation, and one created a second before this one used to fall due a second before it.
		// This call closes tomorrow, weeks before any other, whatever time the tests above took.
		const now = Date.now();
		const id = await openCall({ opensAt: new Date(now - 20 * DAY), closesAt: new Date(now + DAY) });
		const closesAt = (await callDetails(id))!.call.closesAt;
		const statusOf = async () => (await db().select({ status: calls.status }).from(calls).where(eq(calls.id, id)))[0].status;
		expect(await closeDueCalls(new Date(closesAt.getTime() - 1000))).toBe(0);
		expect(await statusOf()).toBe('open');
		const late = new Date(closesAt.getTime() + 5 * DAY);
		expect(await closeDueCalls(late)).toBe(1);
		await closeDueCalls(late);
		expect(await statusOf()).toBe('closed');
		const closings = await db().query.auditEvents.findMany({ where: (a, { and, eq }) => and(eq(a.objectId, id), eq(a.action, 'call.closed')) });
		expect(closings).toHaveLength(1);
	});
});

describe('responses and evaluation', () => {
	it('go from draft to decision, stay private, and freeze at the deadline', async () => {
		const id = await openCall();
		const criteria = (await callDetails(id))!.criteria;
		expect(await saveResponse(cityAdmin, id, city, answer, null)).toEqual({ ok: false, code: 'startups_only' });
		const saved = await saveResponse(founder, id, startup, answer, null);
		if (!saved.ok) throw new Error(saved.code);
		const rivalSaved = await saveResponse(rival, id, rivalStartup, answer, null);
		if (!rivalSaved.ok) throw new Error(rivalSaved.code);
		expect(await submitResponse(founder, saved.id)).toEqual({ ok: true });
		expect(await submitResponse(rival, rivalSaved.id)).toEqual({ ok: true });
		expect(await withdrawResponse(rival, rivalSaved.id)).toEqual({ ok: true });

		await setEvaluator(cityAdmin, id, cityMember.id, true);
		expect(await setEvaluator(cityAdmin, id, stranger.id, true)).toEqual({ ok: false, code: 'not_a_member' });

		// Who sees the response: its startup, and the evaluators once the call has closed; nobody else.
		expect(await responseForViewer(founder, id, saved.id)).toMatchObject({ viewer: 'startup' });
		expect(await responseForViewer(cityMember, id, saved.id)).toBeUndefined();
		expect(await responseForViewer(rival, id, saved.id)).toBeUndefined();
		expect(await responseForViewer(stranger, id, saved.id)).toBeUndefined();
		expect(await responseForViewer(cityAdmin, id, saved.id)).toBeUndefined();
		expect(JSON.stringify(await publicCallsPage({}, 100, 0))).not.toContain(saved.id);

		// Scoring waits for the deadline; after it, nothing changes for the startup.
		expect(await declareConflict(cityMember, saved.id, false)).toEqual({ ok: true });
		const scores = criteria.map((c) => ({ criterionId: c.id, score: 4, comment: 'Bien' }));
		expect(await scoreResponse(cityMember, saved.id, scores)).toEqual({ ok: false, code: 'not_scorable_now' });
		const closesAt = (await callDetails(id))!.call.closesAt;
		await closeDueCalls(new Date(closesAt.getTime() + 1));
		expect(await saveResponse(founder, id, startup, answer, null, new Date(closesAt.getTime() + 1))).toEqual({ ok: false, code: 'call_closed' });
		expect(await submitResponse(rival, rivalSaved.id, new Date(closesAt.getTime() + 1))).toEqual({ ok: false, code: 'call_closed' });

		expect(await responseForViewer(cityMember, id, saved.id)).toMatchObject({ viewer: 'evaluator' });
		expect(await responseForViewer(rival, id, saved.id)).toBeUndefined();
		expect(await responseForViewer(cityAdmin, id, saved.id)).toBeUndefined();
		expect(await scoreResponse(founder, saved.id, scores)).toEqual({ ok: false, code: 'not_an_evaluator' });
		expect(await scoreResponse(cityMember, saved.id, scores.slice(1))).toEqual({ ok: false, code: 'score_every_criterion' });
		expect(
			await scoreResponse(
				cityMember,
				saved.id,
				scores.map((s) => ({ ...s, score: 6 }))
			)
		).toEqual({ ok: false, code: 'score_range' });
		expect(await scoreResponse(cityMember, saved.id, scores)).toEqual({ ok: true });
		const board = await evaluationBoard(id, cityMember.id);
		expect(board.responses.map((r) => [r.id, r.mean, r.evaluatorsDone])).toEqual([[saved.id, 4, 1]]);

		expect(await decideResponse(cityMember, saved.id, 'selected', 'Le meilleur')).toEqual({ ok: false, code: 'forbidden' });
		expect(await moveCall(cityAdmin, id, 'decided')).toEqual({ ok: false, code: 'undecided_responses' });
		expect(await decideResponse(cityAdmin, saved.id, 'selected', 'La meilleure note sur la vie privée.')).toEqual({ ok: true });
		expect(await moveCall(cityAdmin, id, 'decided')).toEqual({ ok: true });
		const told = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, founder.id) });
		expect(told.map((n) => n.type)).toEqual(expect.arrayContaining(['response.selected', 'call.decided']));
		expect(await ownScores(id, saved.id)).toMatchObject({ mean: 4, criteria: [expect.objectContaining({ mean: 4, comments: ['Bien'] }), expect.anything()] });
		// Once decided, who evaluated is a record.
		expect(await setEvaluator(cityAdmin, id, cityMember.id, false)).toEqual({ ok: false, code: 'invalid_transition' });
	});

	it('remove a conflicted evaluator from the response', async () => {
		const id = await openCall();
		const saved = await saveResponse(founder, id, startup, answer, null);
		if (!saved.ok) throw new Error(saved.code);
		await submitResponse(founder, saved.id);
		await setEvaluator(cityAdmin, id, cityMember.id, true);
		expect(await declareConflict(cityMember, saved.id, true)).toEqual({ ok: true });
		expect(await declareConflict(cityMember, saved.id, false)).toEqual({ ok: false, code: 'already_declared' });
		expect(await responseForViewer(cityMember, id, saved.id)).toBeUndefined();
		const closesAt = (await callDetails(id))!.call.closesAt;
		await closeDueCalls(new Date(closesAt.getTime() + 1));
		const criteria = (await callDetails(id))!.criteria;
		expect(
			await scoreResponse(
				cityMember,
				saved.id,
				criteria.map((c) => ({ criterionId: c.id, score: 3, comment: '' }))
			)
		).toEqual({
			ok: false,
			code: 'conflicted'
		});
	});

	it('count only the scores of the current evaluators, and never let a startup member evaluate its own response', async () => {
		const id = await openCall();
		const saved = await saveResponse(founder, id, startup, answer, null);
		if (!saved.ok) throw new Error(saved.code);
		await submitResponse(founder, saved.id);
		await write((tx) => tx.insert(memberships).values({ organisationId: city, userId: founder.id, role: 'member', createdAt: new Date() }));
		await setEvaluator(cityAdmin, id, cityMember.id, true);
		await setEvaluator(cityAdmin, id, cityAdmin.id, true);
		await setEvaluator(cityAdmin, id, founder.id, true);
		const closesAt = (await callDetails(id))!.call.closesAt;
		await closeDueCalls(new Date(closesAt.getTime() + 1));
		const criteria = (await callDetails(id))!.criteria;
		const score = (value: number) => criteria.map((c) => ({ criterionId: c.id, score: value, comment: '' }));
		expect(await declareConflict(founder, saved.id, false)).toEqual({ ok: false, code: 'not_an_evaluator' });
		for (const [evaluator, value] of [
			[cityMember, 5],
			[cityAdmin, 1]
		] as const) {
			await declareConflict(evaluator, saved.id, false);
			expect(await scoreResponse(evaluator, saved.id, score(value))).toEqual({ ok: true });
		}
		expect((await evaluationBoard(id, null)).responses[0]).toMatchObject({ mean: 3, evaluatorsDone: 2 });
		await setEvaluator(cityAdmin, id, cityAdmin.id, false);
		expect((await evaluationBoard(id, null)).responses[0]).toMatchObject({ mean: 5, evaluatorsDone: 1 });
	});

	it('answer the calls API in the same number of queries whatever the page size, without drafts', async () => {
		const draft = await createCall(cityAdmin, city, callInput({ title: 'Brouillon confidentiel' }));
		if (!draft.ok) throw new Error(draft.code);
		const spy = vi.spyOn(rawClient(), 'execute');
		await publicCallsPage({}, 1, 0);
		const forOne = spy.mock.calls.length;
		spy.mockClear();
		const page = await publicCallsPage({}, 50, 0);
		const forMany = spy.mock.calls.length;
		spy.mockRestore();
		expect(page.data.length).toBeGreaterThan(2);
		expect(forMany).toBe(forOne);
		expect(page.data.map((c) => c.id)).not.toContain(draft.id);
		expect(await publicCall(draft.id)).toBeUndefined();
	});
});
