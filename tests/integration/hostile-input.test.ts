import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { calls, consortia, funds, memberships, organisations, projects, sessions, users } from '$lib/server/db/schema';
import { createSession } from '$lib/server/auth/sessions';
import { enrolWithKey, newTotpKey } from '$lib/server/auth/totp';
import { MAX_FORM_FIELD_CHARS, MAX_URLENCODED_BYTES } from '$lib/server/http/request-guard';
import { callThroughHooks, type HookedOutcome } from './route-harness';
import { createUser, useDemoDatabase } from './support';

// Issue #11: a hostile-input corpus posted to every form action of src/routes, as a signed-in admin
// and signatory of Béthune (second factor passed), so that validation, not the sign-in wall, meets it.
// Every request goes through hooks.server.ts as the server sends it (the request guard with its size
// caps, the language, the session), then to the action. Nothing may answer 5xx or throw (a 500 with a
// stack in the log): each answer is a 4xx, a redirect, or a result. Bodies over the guard's caps, and
// malformed ones, must be answered by the guard itself (413 or 400) without the action running.

useDemoDatabase();

const FIELDS =
	'allowedRegions amount answer assigned attachmentId attachmentKind attachmentName audience bankReference beneficiary budget budgetLines capAmount capPerPledge capShare closes closesAt code confirm confirmPrice conflict consortium consortiumId contactEmail contactName contactPhone conventionDate currentPassword date deadline decision decisionReference departement departements description disbursementId domain dueDate durationMonths email epciSiren estimatedBudget function id indicators inseeCode interestId invitationId justification key kind legalFrame licence measurements memberId message minDepartements minMembers nafCode name nature note notificationDelivery number offerId onlyIfThresholdReached organisationId password paymentConditions paymentPeriod pledgeId pledgeIds population price projectId projectIds proposal purpose q query question questionId ratio reason receivedOn recoveryCode redirectTo reference references referentEmail referentName referentPhone referentRole region replicaProjectId repositoryUrl responseId reusableParts role rule seeking seekingPartners sentOn sessionId siren siret sort status summary target team theme threshold title to totalCap userId username verdict website'.split(
		' '
	);

/** In every field at once, as long as the guard lets through: the whole body just under its 1 MiB cap. */
const perFieldBytes = Math.floor((MAX_URLENCODED_BYTES - 16_384) / FIELDS.length) - 24;
const LONGEST = 'é'.repeat(Math.floor(perFieldBytes / 12)) + 'a'.repeat(Math.floor(perFieldBytes / 2));

const CORPUS: Record<string, string> = {
	[`${LONGEST.length.toLocaleString('en')} characters in each field`]: LONGEST,
	'control characters': 'a\u0000b\u0001\u0007\u001b[31m\r\nc',
	'bidi overrides': 'facture\u202Efdp.exe\u202C\u2066x\u2069',
	'HTML and script': '<script>alert(1)</script><img src=x onerror=alert(1)>"\'><svg onload=alert(1)>',
	'SQL-ish': "' OR 1=1; DROP TABLE users; -- %_\\",
	'numbers out of range': '1e309',
	'negative zero and huge': '-99999999999999999999999',
	'prototype names': '__proto__',
	'lone surrogates': '\uD800x\uDFFF'
};
/** Bytes that are not UTF-8, as a raw urlencoded body (FormData cannot carry them). */
const INVALID_UTF8 = FIELDS.map((f) => `${f}=%FF%FE%C0%80%ED%A0%80`).join('&') + '&__proto__[x]=1&constructor=1';

/** Bodies the request guard answers itself: the action must not run. */
const GUARDED: [label: string, body: string, contentType: string, status: number][] = [
	[
		`a field over ${MAX_FORM_FIELD_CHARS.toLocaleString('en')} characters`,
		`name=${'a'.repeat(MAX_FORM_FIELD_CHARS + 1)}&id=x`,
		'application/x-www-form-urlencoded',
		413
	],
	['a body over 1 MiB', Array.from({ length: 20 }, (_, i) => `f${i}=${'a'.repeat(60_000)}`).join('&'), 'application/x-www-form-urlencoded', 413],
	['multipart without a boundary', 'name=a', 'multipart/form-data', 400],
	['truncated multipart', '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc', 'multipart/form-data; boundary=XyZ', 400],
	[
		'a line break in a file name',
		'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a\r\nb.pdf"\r\n\r\n%PDF\r\n--XyZ--\r\n',
		'multipart/form-data; boundary=XyZ',
		400
	]
];

/**
 * Actions that end the session, the membership or the second factor of whoever sends a valid form:
 * each of their cells runs as a throwaway person (a fresh session; a fresh member of Béthune; a fresh
 * enrolled account), so that a success ends that person's state, not the run.
 */
const THROWAWAY: Partial<Record<string, () => Promise<string>>> = {
	'/logout:default': async () => (await write((tx) => createSession(tx, agentId))).token,
	'/organisations/[slug=slug]/members:leave': async () => {
		const person = await createUser();
		await write((tx) => tx.insert(memberships).values({ organisationId: bethuneId, userId: person.id, role: 'member', createdAt: new Date() }));
		return sessionWithSecondFactor(person.id);
	},
	'/account/two-factor:disable': async () => {
		const person = await createUser();
		await write((tx) => enrolWithKey(tx, person.id, newTotpKey(), new Date()));
		return sessionWithSecondFactor(person.id);
	}
};

async function sessionWithSecondFactor(userId: string) {
	const session = await write((tx) => createSession(tx, userId));
	await write((tx) => tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, session.id)));
	return session.token;
}

let token = '';
let agentId = '';
let bethuneId = '';
let ids: Record<string, string> = {};

beforeAll(async () => {
	const [agent] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
	agentId = agent.id;
	bethuneId = (await db().select().from(organisations).where(eq(organisations.slug, 'bethune')))[0].id;
	token = await sessionWithSecondFactor(agent.id);
	ids = {
		calls: (await db().select().from(calls))[0].id,
		funds: (await db().select().from(funds))[0].id,
		consortia: (await db().select().from(consortia))[0].id,
		projects: (await db().select().from(projects))[0].id
	};
}, 300_000);

const modules = import.meta.glob('../../src/routes/**/+page.server.ts');

/** Shaped like an id (route matchers let it through), naming nothing. */
const NO_SUCH_ID = 'nosuchid0000000000000000';

/** `/(app)/funds/[id=id]/dashboard` → the URL path and params, with the demo's ids. */
function place(file: string) {
	const route = file.replace('../../src/routes', '').replace('/+page.server.ts', '') || '/';
	const id = route.replace(/\/\([^)]+\)/g, '') || '/';
	const params: Record<string, string> = {};
	const path = id.replace(/\[(\w+)(?:=\w+)?\]/g, (_, name: string) => {
		const collection = /^\/(\w+)\//.exec(id)?.[1] ?? '';
		const value = name === 'slug' ? 'bethune' : name === 'id' ? (ids[collection] ?? NO_SUCH_ID) : name === 'locale' ? 'fr' : NO_SUCH_ID;
		params[name] = value;
		return value;
	});
	return { id, path, params };
}

describe('hostile input on every form action', () => {
	it('never answers 5xx nor throws, whatever the fields carry; the guard answers what is too big or malformed', async () => {
		const problems: string[] = [];
		const counts = { actions: 0, cells: 0, guarded: 0, throwaway: 0 };
		const send = async (label: string, run: () => Promise<HookedOutcome>, expectGuard?: number) => {
			counts.cells++;
			try {
				const { status, route } = await run();
				if (status >= 500) problems.push(`${label}: ${status}`);
				if (expectGuard !== undefined) {
					counts.guarded++;
					if (status !== expectGuard || route !== null)
						problems.push(`${label}: ${status}${route ? ', the action ran' : ''} (the guard answers ${expectGuard})`);
				} else if (route === null) {
					// The corpus is within the guard's caps: it must reach the action, or it tests nothing.
					problems.push(`${label}: ${status} from the hooks, the action never ran`);
				}
			} catch (error) {
				problems.push(`${label}: threw ${(error as Error).message?.slice(0, 160)}`);
			}
		};
		for (const [file, load] of Object.entries(modules)) {
			const actions = ((await load()) as { actions?: Record<string, (event: never) => unknown> }).actions;
			if (!actions) continue;
			const { id, path, params } = place(file);
			// An action name that is a property of every object: refused by the guard, once per page.
			await send(`${id}?/__proto__`, () => callThroughHooks({ token, path: `${path}?/__proto__`, params, form: 'id=x', routeId: id }, () => ({})), 400);
			for (const [name, action] of Object.entries(actions)) {
				counts.actions++;
				const throwaway = THROWAWAY[`${id}:${name}`];
				const bodies: [string, URLSearchParams | string][] = Object.entries(CORPUS).map(([label, value]) => [
					label,
					new URLSearchParams(FIELDS.map((f) => [f, value]))
				]);
				bodies.push(['invalid UTF-8 and prototype keys', INVALID_UTF8]);
				for (const [label, form] of bodies) {
					const as = throwaway ? await throwaway() : token;
					if (throwaway) counts.throwaway++;
					await send(`${id}?/${name} · ${label}`, () => callThroughHooks({ token: as, path: `${path}?/${name}`, params, form, routeId: id }, action));
				}
				for (const [label, body, contentType, status] of GUARDED) {
					await send(
						`${id}?/${name} · ${label}`,
						() => callThroughHooks({ token, path: `${path}?/${name}`, params, form: body, contentType, routeId: id }, action),
						status
					);
				}
			}
		}
		console.log(
			`hostile input: ${counts.cells} requests over ${counts.actions} actions (${counts.guarded} answered by the guard, ${counts.throwaway} as throwaway people)`
		);
		expect(counts.throwaway).toBe(Object.keys(THROWAWAY).length * (Object.keys(CORPUS).length + 1));
		expect(counts.cells).toBeGreaterThan(1000);
		expect(problems).toEqual([]);
	}, 900_000);
});
