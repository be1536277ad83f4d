import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import type { User } from '$lib/server/db/schema';
import { answerQuestion, askQuestion, createCall, publishCall } from '$lib/server/calls/commands';
import { saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { questionsOf } from '$lib/server/calls/queries';
import { setFollowing } from '$lib/server/follows/follows';
import type { ResponseInput } from '$lib/schemas/calls';
import { createUser, outboxFor, useTestDatabase } from './support';
import { callInput, DAY, organisationOf } from './fixtures-calls';

useTestDatabase();

let cityAdmin: User, asker: User, drafter: User, submitter: User, withdrawer: User, follower: User, bystander: User;
let city: string, startups: string[];

const answer: ResponseInput = { proposal: 'Des capteurs', price: 50_000_00, durationMonths: 6, team: 'Deux', references: '' };

async function types(user: User) {
	const rows = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, user.id) });
	return rows.map((n) => n.type);
}

beforeAll(async () => {
	[cityAdmin, asker, drafter, submitter, withdrawer, follower, bystander] = await Promise.all(Array.from({ length: 7 }, () => createUser()));
	city = await organisationOf('city', 'douai', cityAdmin);
	startups = await Promise.all([asker, drafter, submitter, withdrawer].map((u, i) => organisationOf('startup', `s${i}`, u)));
});

describe('questions and answers', () => {
	it('an answer reaches the asker, every organisation with a draft or a submitted response, and the followers; nobody else', async () => {
		const created = await createCall(cityAdmin, city, callInput());
		if (!created.ok) throw new Error(created.code);
		const callId = created.id;
		expect(await setFollowing(follower, 'call', callId, true)).toEqual({ ok: false, code: 'not_found' }); // a draft is not followable
		await publishCall(cityAdmin, callId);
		expect(await setFollowing(follower, 'call', callId, true)).toEqual({ ok: true });
		expect(await setFollowing(follower, 'call', callId, true)).toEqual({ ok: true }); // twice changes nothing

		const drafted = await saveResponse(drafter, callId, startups[1], answer, null);
		const submitted = await saveResponse(submitter, callId, startups[2], answer, null);
		const withdrawn = await saveResponse(withdrawer, callId, startups[3], answer, null);
		if (!drafted.ok || !submitted.ok || !withdrawn.ok) throw new Error('not saved');
		await submitResponse(submitter, submitted.id);
		await withdrawResponse(withdrawer, withdrawn.id);

		expect(await askQuestion(asker, callId, startups[0], 'Les capteurs peuvent-ils aller sur les lampadaires ?')).toEqual({ ok: true });
		const [question] = await questionsOf(callId, true);
		expect(await answerQuestion(cityAdmin, callId, question.id, 'Oui, la ville fournit le courant.')).toEqual({ ok: true });

		expect(await types(asker)).toContain('call.question_answered');
		for (const told of [drafter, submitter, follower]) expect(await types(told)).toContain('call.answer_published');
		for (const untold of [withdrawer, bystander]) expect(await types(untold)).not.toContain('call.answer_published');
		expect(await types(asker)).not.toContain('call.answer_published');
		// Immediate delivery: the email is in the outbox, with the link to the questions.
		const [mail] = (await outboxFor(drafter.email)).filter((m) => m.subject.includes('Une réponse a été publiée'));
		expect(mail.textBody).toContain(`/calls/${callId}#questions`);

		// Unfollowing stops the news.
		await setFollowing(follower, 'call', callId, false);
		await askQuestion(asker, callId, startups[0], 'Et la 4G ?');
		const second = (await questionsOf(callId, true)).find((q) => q.question === 'Et la 4G ?')!;
		await answerQuestion(cityAdmin, callId, second.id, 'Oui.');
		expect((await types(follower)).filter((t) => t === 'call.answer_published')).toHaveLength(1);
		expect((await types(drafter)).filter((t) => t === 'call.answer_published')).toHaveLength(2);
	});

	it('close at the date the call sets, or 7 days before the deadline', async () => {
		const created = await createCall(cityAdmin, city, callInput());
		if (!created.ok) throw new Error(created.code);
		await publishCall(cityAdmin, created.id);
		const closesAt = Date.now() - DAY + 30 * DAY;
		expect(await askQuestion(asker, created.id, startups[0], 'À temps ?', new Date(closesAt - 8 * DAY))).toEqual({ ok: true });
		expect(await askQuestion(asker, created.id, startups[0], 'Trop tard ?', new Date(closesAt - 6 * DAY))).toEqual({ ok: false, code: 'questions_closed' });

		const opensAt = new Date(Date.now() - DAY);
		const set = await createCall(cityAdmin, city, callInput({ questionsCloseAt: new Date(opensAt.getTime() + 10 * DAY) }));
		if (!set.ok) throw new Error(set.code);
		await publishCall(cityAdmin, set.id);
		expect(await askQuestion(asker, set.id, startups[0], 'Après le 10e jour ?', new Date(opensAt.getTime() + 11 * DAY))).toEqual({
			ok: false,
			code: 'questions_closed'
		});
		expect(await createCall(cityAdmin, city, callInput({ questionsCloseAt: new Date(opensAt.getTime() + 31 * DAY) }))).toEqual({
			ok: false,
			code: 'questions_after_deadline'
		});
	});
});
