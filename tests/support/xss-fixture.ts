// npx tsx tests/support/xss-fixture.ts   (DATABASE_URL: the end-to-end database by default)
//
// Stores script payloads in every kind of text that people write and others read, through the same
// commands the forms call (each value first parsed by the form's own schema, as the action does), and
// prints as JSON the pages that show each one, with the account that may see it. Run by
// tests/e2e/hardening.e2e.ts in a process of its own while the server runs (the busy timeout makes
// either writer wait for the other). Everything is new (a project, a call, a consortium, a fund…), made
// by demo accounts no other end-to-end test reads names from, so parallel tests are not disturbed.
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { connect, db, disconnect } from '../../src/lib/server/db';
import { consortia, memberships, organisations, users, type User } from '../../src/lib/server/db/schema';
import { changeNameSchema } from '../../src/lib/schemas/auth';
import { projectSchema } from '../../src/lib/schemas/projects';
import { callSchema, questionSchema, answerSchema } from '../../src/lib/schemas/calls';
import { consortiumSchema } from '../../src/lib/schemas/consortia';
import { profileSchema } from '../../src/lib/schemas/profiles';
import { interestSchema } from '../../src/lib/schemas/partners';
import { messageSchema } from '../../src/lib/schemas/conversations';
import { fundSchema } from '../../src/lib/schemas/funds';
import { changeName } from '../../src/lib/server/users/accounts';
import { createProject, transitionProject } from '../../src/lib/server/projects/commands';
import { answerQuestion, askQuestion, createCall, publishCall } from '../../src/lib/server/calls/commands';
import { createConsortium } from '../../src/lib/server/consortia/commands';
import { updateProfile } from '../../src/lib/server/organisations/profiles';
import { requestInterest } from '../../src/lib/server/partners/interests';
import { postMessage, startConversationFromInterest } from '../../src/lib/server/conversations/commands';
import { openFund } from '../../src/lib/server/funds/commands';
import { callQuestions } from '../../src/lib/server/db/schema';

const DAY = 86_400_000;
const suffix = Math.random().toString(36).slice(2, 7);

/**
 * A payload that runs script in every way HTML allows if it is written into the page unescaped, with a
 * visible marker to find it by. Short enough for a 120-character name.
 */
export const payload = (label: string) => `XSS-${label}-${suffix} "><img src=x onerror=alert(1)><script>window.__xss=1</script>`;
/** For text rendered as Markdown: links and raw HTML too. */
const markdown = (label: string) =>
	`${payload(label)}\n\n[lien](javascript:window.__xss=1) <a href="javascript:window.__xss=1">a</a> <iframe src="javascript:alert(2)"></iframe>\n\n![i](x" onerror="alert(3))`;

function ok<T extends { ok: boolean }>(what: string, outcome: T): Extract<T, { ok: true }> {
	if (!outcome.ok) throw new Error(`${what}: ${JSON.stringify(outcome)}`);
	return outcome as Extract<T, { ok: true }>;
}

function parsed<S extends v.GenericSchema>(what: string, schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw new Error(`${what}: the form would refuse it: ${result.issues.map((i) => i.message).join('; ')}`);
	return result.output;
}

async function person(email: string): Promise<User> {
	const [user] = await db().select().from(users).where(eq(users.email, email));
	if (!user) throw new Error(`No demo account ${email}: is the demo seeded?`);
	return user;
}

async function organisationOf(user: User) {
	const [row] = await db()
		.select({ id: organisations.id, slug: organisations.slug })
		.from(memberships)
		.innerJoin(organisations, eq(organisations.id, memberships.organisationId))
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'admin')));
	return row;
}

async function main() {
	await connect(process.env.DATABASE_URL || 'file:tests/.tmp/db/e2e.db', undefined);
	const city = await person('agent@laval.example');
	const startupAdmin = await person('contact@mobilites-douces.example');
	const coordinator = await person('agent@bethune.example');
	// Another city: interest in a project goes from one city to another.
	const neighbour = await person('agent@nevers.example');
	const nevers = await organisationOf(neighbour);
	const laval = await organisationOf(city);
	const startup = await organisationOf(startupAdmin);

	// A person's name (shown beside their messages).
	await changeName(neighbour.id, parsed('name', changeNameSchema, { name: payload('name') }).name);

	// An organisation's profile (a startup's: a city's would show on pages other tests read).
	const profile = parsed('profile', profileSchema, {
		description: markdown('profile'),
		website: 'https://example.org/"><script>window.__xss=1</script>',
		references: payload('references')
	});
	ok('profile', await updateProfile(startupAdmin, startup.id, profile, null));

	// A project, published.
	const project = ok(
		'project',
		await createProject(
			city,
			laval.id,
			parsed('project', projectSchema, {
				title: payload('project'),
				summary: payload('summary'),
				description: markdown('description'),
				theme: 'mobility',
				departements: '53',
				seekingPartners: 'on'
			})
		)
	);
	ok('publish project', await transitionProject(city, project.id, 'published'));

	// A call, open, with a question and its answer.
	const call = ok(
		'call',
		await createCall(
			city,
			laval.id,
			parsed('call', callSchema, {
				title: payload('call'),
				challenge: markdown('challenge'),
				theme: 'mobility',
				durationMonths: '6',
				legalFrame: 'experimentation_convention',
				opensAt: new Date(Date.now() - DAY).toISOString().slice(0, 16),
				closesAt: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 16),
				criterionLabel0: payload('criterion'),
				criterionWeight0: '100'
			})
		)
	);
	ok('publish call', await publishCall(city, call.id));
	const question = parsed('question', questionSchema, { question: payload('question') });
	ok('question', await askQuestion(startupAdmin, call.id, startup.id, question.question));
	const [asked] = await db().select().from(callQuestions).where(eq(callQuestions.callId, call.id));
	ok('answer', await answerQuestion(city, call.id, asked.id, parsed('answer', answerSchema, { questionId: asked.id, answer: payload('answer') }).answer));

	// An interest in the project, and a conversation about it.
	const interestInput = parsed('interest', interestSchema, { kind: 'join', message: payload('interest') });
	const interest = ok('interest', await requestInterest(neighbour, nevers.id, project.id, 'join', { message: interestInput.message }));
	const conversation = ok(
		'conversation',
		await startConversationFromInterest(neighbour, interest.id, nevers.id, parsed('message', messageSchema, { body: markdown('message') }).body)
	);
	ok('reply', await postMessage(city, conversation.conversationId, laval.id, payload('reply')));

	// A consortium, and a fund of the demo's active consortium.
	const consortium = ok(
		'consortium',
		await createConsortium(
			city,
			laval.id,
			parsed('consortium', consortiumSchema, { name: payload('consortium'), purpose: markdown('purpose'), minMembers: '2', minDepartements: '1' })
		)
	);
	const [active] = await db().select({ id: consortia.id }).from(consortia).where(eq(consortia.name, 'Villes de France connectées (démo)'));
	const fundForm = parsed('fund', fundSchema, {
		consortiumId: active.id,
		kind: 'investment',
		name: payload('fund'),
		purpose: markdown('fundpurpose'),
		target: '1000',
		rule: 'all_or_nothing',
		deadline: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 16)
	});
	const fund = ok(
		'fund',
		await openFund(coordinator, active.id, {
			kind: fundForm.kind,
			name: fundForm.name,
			purpose: fundForm.purpose,
			targetCents: fundForm.target,
			thresholdCents: fundForm.threshold,
			rule: fundForm.rule,
			deadline: fundForm.deadline,
			capAmountCents: fundForm.capAmount,
			capSharePercent: fundForm.capShare
		})
	);

	// Each page with the markers it must show as text, and who looks (null: anyone).
	const pages: { path: string; viewer: string | null; markers: string[] }[] = [
		{ path: `/projects/${project.id}`, viewer: null, markers: ['project', 'summary', 'description'] },
		{ path: `/projects?q=XSS-project-${suffix}`, viewer: null, markers: ['project'] },
		{ path: `/projects/${project.id}`, viewer: 'agent@laval.example', markers: ['project', 'interest'] },
		{ path: `/calls/${call.id}`, viewer: null, markers: ['call', 'challenge', 'criterion', 'question', 'answer'] },
		{ path: '/calls', viewer: null, markers: ['call'] },
		{ path: `/organisations/${startup.slug}`, viewer: null, markers: ['profile', 'references'] },
		{ path: `/consortia/${consortium.id}`, viewer: null, markers: ['consortium', 'purpose'] },
		{ path: `/funds/${fund.id}`, viewer: null, markers: ['fund', 'fundpurpose'] },
		{ path: '/funds', viewer: null, markers: ['fund'] },
		{ path: `/messages/${conversation.conversationId}`, viewer: 'agent@laval.example', markers: ['message', 'reply', 'name'] },
		{ path: '/messages', viewer: 'agent@laval.example', markers: ['project'] },
		{ path: `/organisations/${laval.slug}`, viewer: null, markers: ['project'] }
	];
	console.log(JSON.stringify({ suffix, pages: pages.map((p) => ({ ...p, markers: p.markers.map((m) => `XSS-${m}-${suffix}`) })) }));
	disconnect();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
