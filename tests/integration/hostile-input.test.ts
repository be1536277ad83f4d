import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { calls, consortia, funds, projects, sessions, users } from '$lib/server/db/schema';
import { createSession } from '$lib/server/auth/sessions';
import { callRoute } from './route-harness';
import { useDemoDatabase } from './support';

// Issue #11: a hostile-input corpus posted to every form action of src/routes, as a signed-in admin
// and signatory of Béthune (second factor passed), so that validation, not the sign-in wall, meets it.
// Nothing may answer 5xx or throw (a 500 with a stack in the log): each answer is a 4xx, a redirect, or
// a result. The request guard of hooks.server.ts (size caps) is not in this path: the schemas are.

useDemoDatabase();

const FIELDS =
	'allowedRegions amount answer assigned attachmentId attachmentKind attachmentName audience bankReference beneficiary budget budgetLines capAmount capPerPledge capShare closes closesAt code confirm confirmPrice conflict consortium consortiumId contactEmail contactName contactPhone conventionDate currentPassword date deadline decision decisionReference departement departements description disbursementId domain dueDate durationMonths email epciSiren estimatedBudget function id indicators inseeCode interestId invitationId justification key kind legalFrame licence measurements memberId message minDepartements minMembers nafCode name nature note notificationDelivery number offerId onlyIfThresholdReached organisationId password paymentConditions paymentPeriod pledgeId pledgeIds population price projectId projectIds proposal purpose q query question questionId ratio reason receivedOn recoveryCode redirectTo reference references referentEmail referentName referentPhone referentRole region replicaProjectId repositoryUrl responseId reusableParts role rule seeking seekingPartners sentOn sessionId siren siret sort status summary target team theme threshold title to totalCap userId username verdict website'.split(
		' '
	);

const CORPUS: Record<string, string> = {
	// In every field at once: about 1 MB, the size the request guard lets through to an action.
	'9,000 characters': 'é'.repeat(1_000) + 'a'.repeat(8_000),
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

// Actions that would end the test's own session or membership with a valid form; hostile forms are
// refused by them like the rest, but a success would end the run: they are covered in their own tests.
const SKIP = new Set(['/logout:default', '/organisations/[slug]/members:leave', '/account/two-factor:disable']);

let token = '';
let ids: Record<string, string> = {};

beforeAll(async () => {
	const [agent] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
	const session = await write((tx) => createSession(tx, agent.id));
	await write((tx) => tx.update(sessions).set({ secondFactorAt: new Date() }).where(eq(sessions.id, session.id)));
	token = session.token;
	ids = {
		calls: (await db().select().from(calls))[0].id,
		funds: (await db().select().from(funds))[0].id,
		consortia: (await db().select().from(consortia))[0].id,
		projects: (await db().select().from(projects))[0].id
	};
}, 300_000);

const modules = import.meta.glob('../../src/routes/**/+page.server.ts');

/** `/(app)/funds/[id]/dashboard` → the URL path and params, with the demo's ids. */
function place(file: string) {
	const route = file.replace('../../src/routes', '').replace('/+page.server.ts', '') || '/';
	const id = route.replace(/\/\([^)]+\)/g, '') || '/';
	const params: Record<string, string> = {};
	const path = id.replace(/\[(\w+)\]/g, (_, name: string) => {
		const collection = /^\/(\w+)\//.exec(id)?.[1] ?? '';
		const value = name === 'slug' ? 'bethune' : name === 'id' ? (ids[collection] ?? 'unknown') : name === 'locale' ? 'fr' : 'unknown';
		params[name] = value;
		return value;
	});
	return { id, path, params };
}

describe('hostile input on every form action', () => {
	it('never answers 5xx nor throws, whatever the fields carry', async () => {
		const problems: string[] = [];
		let cells = 0;
		for (const [file, load] of Object.entries(modules)) {
			const actions = ((await load()) as { actions?: Record<string, (event: never) => unknown> }).actions;
			if (!actions) continue;
			const { id, path, params } = place(file);
			for (const [name, action] of Object.entries(actions)) {
				if (SKIP.has(`${id}:${name}`)) continue;
				const bodies: [string, URLSearchParams | string][] = Object.entries(CORPUS).map(([label, value]) => [
					label,
					new URLSearchParams(FIELDS.map((f) => [f, value]))
				]);
				bodies.push(['invalid UTF-8 and prototype keys', INVALID_UTF8]);
				for (const [label, form] of bodies) {
					cells++;
					try {
						const outcome = await callRoute({ token, path: `${path}?/${name}`, params, form, routeId: id }, action);
						if ((outcome.kind === 'error' || outcome.kind === 'fail') && outcome.status >= 500) problems.push(`${id}?/${name} · ${label}: ${outcome.status}`);
					} catch (error) {
						problems.push(`${id}?/${name} · ${label}: threw ${(error as Error).message?.slice(0, 160)}`);
					}
				}
			}
		}
		expect(cells).toBeGreaterThan(500);
		expect(problems).toEqual([]);
	}, 600_000);
});
