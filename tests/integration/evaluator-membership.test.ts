import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { auditEvents, callEvaluators, evaluationScores, memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { closeDueCalls, createCall, publishCall, setEvaluator } from '$lib/server/calls/commands';
import { saveResponse, submitResponse } from '$lib/server/calls/responses';
import { declareConflict, scoreResponse } from '$lib/server/calls/evaluation';
import { callDetails, isEvaluator, responseForViewer } from '$lib/server/calls/queries';
import { removeMember } from '$lib/server/organisations/members';
import { createUser, useTestDatabase } from './support';
import { callInput } from './fixtures-calls';

// Issue #11, case 2: a member removed from a city kept evaluator access to its calls (the evaluation
// page, the sealed responses with prices and their PDFs, scoring).

useTestDatabase();

let cityAdmin: User, evaluator: User, founder: User;
let city: string, startup: string;

async function organisation(kind: 'city' | 'startup', members: [User, 'admin' | 'member'][]) {
	const id = newId();
	await write(async (tx) => {
		await tx
			.insert(organisations)
			.values({ id, slug: `${kind}-${id.slice(0, 6)}`, kind, name: kind, verificationStatus: 'verified', createdBy: members[0][0].id, createdAt: new Date() });
		for (const [user, role] of members) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

/** A published call with one submitted response, past its deadline, `evaluator` assigned. */
async function closedCallWithResponse() {
	const created = await createCall(
		cityAdmin,
		city,
		callInput({ title: 'Capteurs', challenge: 'Mesurer sans filmer.', theme: 'town_centre_commerce', budget: 50_000_00 })
	);
	if (!created.ok) throw new Error(created.code);
	expect(await publishCall(cityAdmin, created.id)).toEqual({ ok: true });
	const saved = await saveResponse(
		founder,
		created.id,
		startup,
		{ proposal: 'Pilote', price: 40_000_00, durationMonths: 6, team: 'Trois', references: '' },
		null
	);
	if (!saved.ok) throw new Error(saved.code);
	await submitResponse(founder, saved.id);
	expect(await setEvaluator(cityAdmin, created.id, evaluator.id, true)).toEqual({ ok: true });
	const details = (await callDetails(created.id))!;
	await closeDueCalls(new Date(details.call.closesAt.getTime() + 1));
	return { callId: created.id, responseId: saved.id, criteria: details.criteria };
}

beforeAll(async () => {
	[cityAdmin, evaluator, founder] = await Promise.all([createUser(), createUser(), createUser()]);
	city = await organisation('city', [
		[cityAdmin, 'admin'],
		[evaluator, 'member']
	]);
	startup = await organisation('startup', [[founder, 'admin']]);
});

describe('evaluator rights follow current membership', () => {
	it('removing a member revokes their evaluator assignments, with an audit event, and every right goes with them', async () => {
		const { callId, responseId, criteria } = await closedCallWithResponse();
		expect(await isEvaluator(callId, evaluator.id)).toBe(true);
		expect(await responseForViewer(evaluator, callId, responseId)).toMatchObject({ viewer: 'evaluator' });
		expect(await declareConflict(evaluator, responseId, false)).toEqual({ ok: true });

		expect(await removeMember(cityAdmin, city, evaluator.id)).toEqual({ ok: true });

		const rows = await db()
			.select()
			.from(callEvaluators)
			.where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, evaluator.id)));
		expect(rows).toEqual([]);
		const events = await db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.action, 'call.evaluator_revoked'), eq(auditEvents.objectId, callId)));
		expect(events).toHaveLength(1);
		expect(events[0].details).toMatchObject({ evaluatorId: evaluator.id });

		// The evaluation page and the response PDF both ask these two.
		expect(await isEvaluator(callId, evaluator.id)).toBe(false);
		expect(await responseForViewer(evaluator, callId, responseId)).toBeUndefined();
		const scores = criteria.map((c) => ({ criterionId: c.id, score: 5, comment: 'Encore là' }));
		expect(await scoreResponse(evaluator, responseId, scores)).toEqual({ ok: false, code: 'not_an_evaluator' });
		expect(await db().select().from(evaluationScores).where(eq(evaluationScores.evaluatorId, evaluator.id))).toEqual([]);

		// Back in the organisation, they are not an evaluator again until an admin says so.
		await write((tx) => tx.insert(memberships).values({ organisationId: city, userId: evaluator.id, role: 'member', createdAt: new Date() }));
		expect(await isEvaluator(callId, evaluator.id)).toBe(false);
	});

	it('an assignment left over from before (no longer a member) gives no right', async () => {
		const { callId, responseId, criteria } = await closedCallWithResponse();
		// As removal used to leave it: the membership gone, the assignment still there.
		await write((tx) => tx.delete(memberships).where(and(eq(memberships.organisationId, city), eq(memberships.userId, evaluator.id))));
		expect(await db().select().from(callEvaluators).where(eq(callEvaluators.callId, callId))).toHaveLength(1);

		expect(await isEvaluator(callId, evaluator.id)).toBe(false);
		expect(await responseForViewer(evaluator, callId, responseId)).toBeUndefined();
		expect(await declareConflict(evaluator, responseId, false)).toEqual({ ok: false, code: 'not_an_evaluator' });
		expect(
			await scoreResponse(
				evaluator,
				responseId,
				criteria.map((c) => ({ criterionId: c.id, score: 5, comment: '' }))
			)
		).toEqual({
			ok: false,
			code: 'not_an_evaluator'
		});
	});
});
