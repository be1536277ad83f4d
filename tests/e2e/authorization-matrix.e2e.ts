import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { actionsOf } from '../support/route-actions';
import { fingerprint, ROLES, startRolesServer, type Role } from './authorization-roles';

// Every route of src/routes, with what each kind of visitor gets. The list is read from the files:
// a new page, endpoint or form action without an entry here fails the first test.

const ORIGIN = `http://localhost:${Number(process.env.E2E_PORT ?? 4173)}`;
const ROUTES_DIR = 'src/routes';
/** Shaped like an id (so route matchers let it through) but naming nothing. */
const NO_SUCH_ID = 'nosuchid0000000000000000';

/** Route ids as SvelteKit writes them (groups dropped), with their form actions. */
function routesOnDisk() {
	const found = new Map<string, string[]>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (['+page.svelte', '+server.ts'].includes(name)) {
				const id =
					'/' +
					dir
						.slice(ROUTES_DIR.length)
						.split('/')
						.filter((s) => s && !/^\(.*\)$/.test(s))
						.join('/');
				// Written in the file or spread into it from another (read through the imports).
				const actions = actionsOf(join(dir, '+page.server.ts'));
				found.set(id, [...new Set([...(found.get(id) ?? []), ...actions])]);
			}
		}
	};
	walk(ROUTES_DIR);
	return found;
}

type Audience = 'public' | 'signed_in' | 'platform_admin' | 'endpoint';

interface Entry {
	audience: Audience;
	/** A concrete path for the route's parameters (ids of the demo data). */
	path: (ids: DemoIds) => string;
	actions?: string[];
	/** What an anonymous GET answers when not the audience's default. */
	anonymous?: number;
}

interface DemoIds {
	fund: string;
	call: string;
	consortium: string;
	project: string;
	organisation: string;
	slug: string;
}

const matrix: Record<string, Entry> = {
	'/': { audience: 'public', path: () => '/' },
	'/accessibilite': { audience: 'public', path: () => '/accessibilite' },
	'/mentions-legales': { audience: 'public', path: () => '/mentions-legales' },
	'/calls': { audience: 'public', path: () => '/calls' },
	'/calls/[id=id]': {
		audience: 'public',
		path: (i) => `/calls/${i.call}`,
		actions: ['publish', 'extend', 'addDocument', 'removeDocument', 'follow', 'ask', 'answer']
	},
	'/calls/[id=id]/documents/[documentId=id]': { audience: 'endpoint', path: (i) => `/calls/${i.call}/documents/${NO_SUCH_ID}`, anonymous: 404 },
	'/consortia': { audience: 'public', path: () => '/consortia' },
	'/consortia/[id=id]': {
		audience: 'public',
		path: (i) => `/consortia/${i.consortium}`,
		actions: ['follow', 'invite', 'inviteOfficial', 'cancel', 'answer', 'deliberation', 'withdraw', 'link', 'propose', 'acceptCoordinator', 'dissolve']
	},
	'/consortia/[id=id]/deliberations/[memberId=id]': {
		audience: 'endpoint',
		path: (i) => `/consortia/${i.consortium}/deliberations/${NO_SUCH_ID}`,
		anonymous: 404
	},
	'/funds': { audience: 'public', path: () => '/funds' },
	'/funds/[id=id]': {
		audience: 'public',
		path: (i) => `/funds/${i.fund}`,
		actions: ['follow', 'pledge', 'amend', 'withdraw', 'approve', 'approveOffer', 'withdrawOffer', 'offerMatch']
	},
	'/funds/[id=id]/ledger': { audience: 'public', path: (i) => `/funds/${i.fund}/ledger` },
	'/funds/[id=id]/ledger.csv': { audience: 'endpoint', path: (i) => `/funds/${i.fund}/ledger.csv`, anonymous: 200 },
	'/funds/[id=id]/subventions.csv': { audience: 'endpoint', path: (i) => `/funds/${i.fund}/subventions.csv`, anonymous: 200 },
	'/funds/[id=id]/subventions.json': { audience: 'endpoint', path: (i) => `/funds/${i.fund}/subventions.json`, anonymous: 200 },
	'/donnees': { audience: 'public', path: () => '/donnees' },
	'/donnees/catalog.json': { audience: 'endpoint', path: () => '/donnees/catalog.json', anonymous: 200 },
	'/donnees/deliberations': { audience: 'public', path: () => '/donnees/deliberations' },
	'/donnees/deliberations.csv': { audience: 'endpoint', path: () => '/donnees/deliberations.csv', anonymous: 200 },
	'/donnees/deliberations.json': { audience: 'endpoint', path: () => '/donnees/deliberations.json', anonymous: 200 },
	'/donnees/subventions.csv': { audience: 'endpoint', path: () => '/donnees/subventions.csv', anonymous: 200 },
	'/donnees/subventions.json': { audience: 'endpoint', path: () => '/donnees/subventions.json', anonymous: 200 },
	'/calls.atom': { audience: 'endpoint', path: () => '/calls.atom', anonymous: 200 },
	'/feeds/[token=token].atom': { audience: 'endpoint', path: () => '/feeds/nosuchfeedtoken000000000.atom', anonymous: 404 },
	'/alerts/unsubscribe/[token]': { audience: 'endpoint', path: () => '/alerts/unsubscribe/not-a-token', actions: ['default'], anonymous: 200 },
	'/referents': { audience: 'public', path: () => '/referents' },
	'/organisations/[slug=slug]/logo': { audience: 'endpoint', path: (i) => `/organisations/${i.slug}/logo`, anonymous: 404 },
	'/organisations/[slug=slug]/subventions.csv': { audience: 'endpoint', path: (i) => `/organisations/${i.slug}/subventions.csv`, anonymous: 200 },
	'/organisations/[slug=slug]/subventions.json': { audience: 'endpoint', path: (i) => `/organisations/${i.slug}/subventions.json`, anonymous: 200 },
	'/language/[locale=locale]': { audience: 'endpoint', path: () => '/language/fr?redirectTo=/funds', anonymous: 303 },
	'/organisations': { audience: 'public', path: () => '/organisations' },
	'/organisations/[slug=slug]': { audience: 'public', path: (i) => `/organisations/${i.slug}` },
	'/projects': { audience: 'public', path: () => '/projects' },
	'/projects/[id=id]': {
		audience: 'public',
		path: (i) => `/projects/${i.project}`,
		actions: [
			'transition',
			'invite',
			'answer',
			'follow',
			'interest',
			'answerInterest',
			'replicate',
			'withdrawInterest',
			'addDocument',
			'markDocument',
			'removeDocument'
		]
	},
	'/projects/[id=id]/documents/[documentId=id]': { audience: 'endpoint', path: (i) => `/projects/${i.project}/documents/${NO_SUCH_ID}`, anonymous: 404 },

	'/login': { audience: 'public', path: () => '/login', actions: ['default'] },
	'/signup': { audience: 'public', path: () => '/signup', actions: ['default'] },
	'/logout': { audience: 'public', path: () => '/logout', actions: ['default'] },
	'/reset-password': { audience: 'public', path: () => '/reset-password', actions: ['default'] },
	'/reset-password/[token]': { audience: 'public', path: () => '/reset-password/not-a-token', actions: ['default'] },
	'/verify-email/[token]': { audience: 'public', path: () => '/verify-email/not-a-token', actions: ['default'] },
	'/invitations/[token]': { audience: 'public', path: () => '/invitations/not-a-token', actions: ['default'] },

	'/account': { audience: 'signed_in', path: () => '/account', actions: ['name', 'password', 'preferences', 'revoke', 'resend'] },
	'/acting-as': { audience: 'endpoint', path: () => '/acting-as', anonymous: 405 },
	'/account/two-factor': { audience: 'signed_in', path: () => '/account/two-factor', actions: ['enrol', 'disable'] },
	'/two-factor': { audience: 'endpoint', path: () => '/two-factor', actions: ['code', 'recovery'], anonymous: 303 },
	'/alerts': { audience: 'signed_in', path: () => '/alerts', actions: ['save', 'delete'] },
	'/responses': { audience: 'signed_in', path: () => '/responses' },
	'/organisations/[slug=slug]/profile': { audience: 'signed_in', path: (i) => `/organisations/${i.slug}/profile`, actions: ['default'] },
	'/organisations/[slug=slug]/open-data': { audience: 'signed_in', path: (i) => `/organisations/${i.slug}/open-data`, actions: ['siret'] },
	'/projects/[id=id]/reuse': { audience: 'signed_in', path: (i) => `/projects/${i.project}/reuse`, actions: ['default'] },
	'/notifications': { audience: 'signed_in', path: () => '/notifications', actions: ['read', 'readAll'] },
	'/messages': { audience: 'signed_in', path: () => '/messages' },
	// A project's id is no conversation nor request: whoever is signed in gets 404, like any non-party.
	'/messages/[id=id]': { audience: 'signed_in', path: (i) => `/messages/${i.project}`, actions: ['send'] },
	'/messages/new': { audience: 'signed_in', path: (i) => `/messages/new?interest=${i.project}`, actions: ['default'] },
	'/messages/[id=id]/attachments/[messageId=id]': {
		audience: 'endpoint',
		path: () => `/messages/${NO_SUCH_ID}/attachments/${NO_SUCH_ID}`,
		anonymous: 303
	},
	'/pledges': { audience: 'signed_in', path: () => '/pledges', actions: ['checkout', 'approve'] },
	'/pledges/[id=id]/avis-de-paiement.pdf': { audience: 'endpoint', path: () => `/pledges/${NO_SUCH_ID}/avis-de-paiement.pdf`, anonymous: 303 },
	'/organisations/new': { audience: 'signed_in', path: () => '/organisations/new', actions: ['city', 'intercommunality', 'startup', 'partner'] },
	'/organisations/[slug=slug]/members': {
		audience: 'signed_in',
		path: (i) => `/organisations/${i.slug}/members`,
		actions: ['invite', 'cancel', 'role', 'signatory', 'remove', 'leave']
	},
	'/projects/new': { audience: 'signed_in', path: () => '/projects/new', actions: ['default'] },
	'/projects/[id=id]/edit': { audience: 'signed_in', path: (i) => `/projects/${i.project}/edit`, actions: ['default'] },
	'/calls/new': { audience: 'signed_in', path: () => '/calls/new', actions: ['default'] },
	'/calls/[id=id]/edit': { audience: 'signed_in', path: (i) => `/calls/${i.call}/edit`, actions: ['default'] },
	'/calls/[id=id]/evaluation': { audience: 'signed_in', path: (i) => `/calls/${i.call}/evaluation`, actions: ['evaluator', 'decide', 'move', 'declare'] },
	'/calls/[id=id]/evaluation/[responseId=id]': { audience: 'signed_in', path: (i) => `/calls/${i.call}/evaluation/${NO_SUCH_ID}`, actions: ['score'] },
	'/calls/[id=id]/respond': { audience: 'signed_in', path: (i) => `/calls/${i.call}/respond`, actions: ['save', 'submit', 'removeAttachment', 'withdraw'] },
	'/calls/[id=id]/responses/[responseId=id]/attachments/[attachmentId=id]': {
		audience: 'endpoint',
		path: (i) => `/calls/${i.call}/responses/${NO_SUCH_ID}/attachments/${NO_SUCH_ID}`,
		anonymous: 303
	},
	'/calls/[id=id]/responses/[responseId=id]/receipts/[receiptId=id]': {
		audience: 'endpoint',
		path: (i) => `/calls/${i.call}/responses/${NO_SUCH_ID}/receipts/${NO_SUCH_ID}`,
		anonymous: 303
	},
	'/consortia/new': { audience: 'signed_in', path: () => '/consortia/new', actions: ['default'] },
	'/funds/new': { audience: 'signed_in', path: () => '/funds/new', actions: ['default'] },
	'/funds/[id=id]/dashboard': {
		audience: 'signed_in',
		path: (i) => `/funds/${i.fund}/dashboard`,
		actions: ['call', 'receipt', 'propose', 'refund', 'account', 'approveAccount', 'decide', 'unexpected', 'returnUnapplied', 'coverDeficit']
	},

	'/admin': { audience: 'platform_admin', path: () => '/admin', actions: ['review', 'addDomain', 'removeDomain'] },
	'/admin/evidence/[id=id]': { audience: 'endpoint', path: () => `/admin/evidence/${NO_SUCH_ID}`, anonymous: 303 },
	'/admin/audit': { audience: 'platform_admin', path: () => '/admin/audit' },

	'/healthz': { audience: 'endpoint', path: () => '/healthz', anonymous: 200 },
	'/api/stripe/webhook': { audience: 'endpoint', path: () => '/api/stripe/webhook', anonymous: 405 },
	'/api/v1': { audience: 'endpoint', path: () => '/api/v1', anonymous: 200 },
	'/api/v1/[...path]': { audience: 'endpoint', path: () => '/api/v1/no-such-collection', anonymous: 404 },
	'/api/v1/openapi.json': { audience: 'endpoint', path: () => '/api/v1/openapi.json', anonymous: 200 },
	'/api/v1/calls': { audience: 'endpoint', path: () => '/api/v1/calls', anonymous: 200 },
	'/api/v1/calls/[id=id]': { audience: 'endpoint', path: (i) => `/api/v1/calls/${i.call}`, anonymous: 200 },
	'/api/v1/consortia': { audience: 'endpoint', path: () => '/api/v1/consortia', anonymous: 200 },
	'/api/v1/consortia/[id=id]': { audience: 'endpoint', path: (i) => `/api/v1/consortia/${i.consortium}`, anonymous: 200 },
	'/api/v1/funds': { audience: 'endpoint', path: () => '/api/v1/funds', anonymous: 200 },
	'/api/v1/funds/[id=id]': { audience: 'endpoint', path: (i) => `/api/v1/funds/${i.fund}`, anonymous: 200 },
	'/api/v1/funds/[id=id]/ledger': { audience: 'endpoint', path: (i) => `/api/v1/funds/${i.fund}/ledger`, anonymous: 200 },
	'/api/v1/organisations': { audience: 'endpoint', path: () => '/api/v1/organisations', anonymous: 200 },
	'/api/v1/organisations/[id=id]': { audience: 'endpoint', path: (i) => `/api/v1/organisations/${i.organisation}`, anonymous: 200 },
	'/api/v1/projects': { audience: 'endpoint', path: () => '/api/v1/projects', anonymous: 200 },
	'/api/v1/projects/[id=id]': { audience: 'endpoint', path: (i) => `/api/v1/projects/${i.project}`, anonymous: 200 },
	'/api/v1/referents': { audience: 'endpoint', path: () => '/api/v1/referents', anonymous: 200 }
};

async function demoIds(request: APIRequestContext): Promise<DemoIds> {
	const first = async (collection: string) => (await (await request.get(`/api/v1/${collection}?limit=1`)).json()).data[0];
	const organisation = await first('organisations');
	return {
		fund: (await first('funds')).id,
		call: (await first('calls')).id,
		consortium: (await first('consortia')).id,
		project: (await first('projects')).id,
		organisation: organisation.id,
		slug: organisation.slug
	};
}

/** Public pages whose meta description is their own (the others say what the platform is). */
const OWN_DESCRIPTION = [
	'/',
	'/accessibilite',
	'/mentions-legales',
	'/calls',
	'/calls/[id=id]',
	'/consortia',
	'/consortia/[id=id]',
	'/funds',
	'/funds/[id=id]',
	'/funds/[id=id]/ledger',
	'/donnees',
	'/donnees/deliberations',
	'/referents',
	'/organisations',
	'/organisations/[slug=slug]',
	'/projects',
	'/projects/[id=id]'
];

test.describe.configure({ mode: 'serial' });

test('every route and form action of src/routes has an entry in the matrix', () => {
	const onDisk = routesOnDisk();
	expect([...onDisk.keys()].sort()).toEqual(Object.keys(matrix).sort());
	for (const [id, actions] of onDisk) expect(actions.sort(), `actions of ${id}`).toEqual((matrix[id].actions ?? []).sort());
});

test('a parameter that cannot be an id, a slug or a language: the ordinary 404, in JSON under /api/v1', async ({ request }) => {
	for (const path of ['/funds/NOT-AN-ID', '/projects/abc', '/organisations/Nope%20Nope', '/language/xx', '/feeds/x.atom', '/funds/abc/ledger.csv']) {
		const response = await request.get(path, { maxRedirects: 0, headers: { accept: 'text/html' } });
		expect.soft(response.status(), path).toBe(404);
		expect.soft(await response.text(), path).toContain('Cette page n’existe pas ou n’est pas publique.');
	}
	for (const [path, message] of [
		['/api/v1/funds/NOT-AN-ID', 'No such fund.'],
		['/api/v1/funds/abc/ledger', 'No such fund.'],
		['/api/v1/organisations/Beauvais', 'No such organisation.']
	]) {
		const response = await request.get(path);
		expect.soft(response.status(), path).toBe(404);
		expect.soft(response.headers()['access-control-allow-origin'], path).toBe('*');
		expect.soft(await response.json(), path).toEqual({ error: 'not_found', message });
	}
});

test('anonymous: public pages answer, signed-in pages send to sign-in, every action refused', async ({ request }) => {
	test.setTimeout(180_000);
	const ids = await demoIds(request);
	const descriptions = new Map<string, string>();
	for (const [id, entry] of Object.entries(matrix)) {
		const path = entry.path(ids);
		const response = await request.get(path, { maxRedirects: 0, headers: { accept: 'text/html' } });
		const expected = entry.anonymous ?? (entry.audience === 'public' ? 200 : 303);
		expect.soft(response.status(), `GET ${path} (${id})`).toBe(expected);
		if (expected === 303 && entry.audience !== 'endpoint') expect.soft(response.headers().location, path).toMatch(/^\/login\?redirectTo=/);
		if (entry.audience === 'public' && response.status() === 200) {
			// Every public page has one meta description; a page with words of its own says them.
			const found = [...(await response.text()).matchAll(/<meta name="description" content="([^"]*)"/g)].map((m) => m[1]);
			expect.soft(found, `meta description of ${path}`).toHaveLength(1);
			expect.soft(found[0]?.length ?? 0, `meta description of ${path}`).toBeGreaterThan(30);
			if (OWN_DESCRIPTION.includes(id)) descriptions.set(id, found[0]);
		}

		for (const action of entry.actions ?? []) {
			// Sign-in, sign-up and resets are for anonymous visitors: covered by their own tests.
			if (['/login', '/signup', '/reset-password', '/reset-password/[token]', '/verify-email/[token]', '/logout'].includes(id)) continue;
			const target = action === 'default' ? path : `${path}${path.includes('?') ? '&' : '?'}/${action}`;
			const posted = await request.post(target, {
				headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				data: 'id=x&amount=1000',
				maxRedirects: 0
			});
			const status = posted.status();
			expect.soft(status < 500, `POST ${target}: ${status}`).toBe(true);
			expect.soft(status === 303 ? posted.headers().location : 'refused', `POST ${target}`).toMatch(/^\/login\?redirectTo=|^refused$/);
			expect.soft([303, 400, 401, 403, 404, 405, 429], `POST ${target}: ${status}`).toContain(status);
		}
	}
	expect.soft(new Set(descriptions.values()).size, 'pages with words of their own describe themselves differently').toBe(OWN_DESCRIPTION.length);
	// French content keeps lang="fr" on an English page, so a screen reader reads it in French.
	const english = await (await request.get(`/projects/${ids.project}`, { headers: { accept: 'text/html', cookie: 'PARAGLIDE_LOCALE=en' } })).text();
	expect.soft(english).toContain('<html lang="en"');
	expect.soft(english).toMatch(/<h1 lang="fr"[^>]*>[^<]+<\/h1>/);
});

// ——— Every role, over HTTP against the built server ———
//
// Every page, endpoint and form action of the matrix × every kind of person (authorization-roles.ts):
// what each GET answers and what each action answers to a form it cannot use (a junk body, the way
// `use:enhance` posts it), compared cell by cell with tests/e2e/authorization-roles.json (reviewed by
// hand; a new route or action has no cell there and fails until one is written: run with
// UPDATE_ROLES_MATRIX=1 to write the file, then read the difference). Whatever the file says, three
// rules hold: no 5xx; no action succeeds unless ALLOWED below says this person may do it with any body;
// and the database's fingerprint is the same after all the refused actions of each person.

/** Actions that succeed whatever the body, for whoever is signed in (following, one's own notifications…), or for the roles named. */
const ALLOWED: Record<string, Partial<Record<string, 'signed in' | Role[]>>> = {
	'/calls/[id=id]': { follow: 'signed in' },
	'/consortia/[id=id]': { follow: 'signed in' },
	'/funds/[id=id]': { follow: 'signed in' },
	'/projects/[id=id]': { follow: 'signed in', replicate: ['admin elsewhere'] },
	'/account': { resend: 'signed in' },
	'/notifications': { read: 'signed in', readAll: 'signed in' },
	'/organisations/[slug=slug]/profile': { default: ['admin'] },
	'/organisations/[slug=slug]/open-data': { siret: ['admin'] },
	'/projects/[id=id]/reuse': { default: ['member', 'signatory', 'admin'] }
};
/** Not sent: they end the person's session or membership, which the rows after them need. */
const NOT_SENT: Record<string, Partial<Record<string, Role[]>>> = {
	'/logout': { default: [...ROLES] },
	'/organisations/[slug=slug]/members': { leave: ['member', 'signatory', 'admin'] }
};
const ROLES_FILE = 'tests/e2e/authorization-roles.json';

function describeAnswer(status: number, location: string | null) {
	if (![301, 302, 303, 307, 308].includes(status)) return String(status);
	const path = location ? new URL(location, 'http://x').pathname : '';
	return `${status} ${path.startsWith('/login') ? 'login' : path.startsWith('/two-factor') ? 'two-factor' : path.startsWith('/account/two-factor') ? 'enrol' : path.replace(/[a-z0-9]{24}/g, '[id]')}`;
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
	const queue = [...items];
	await Promise.all(
		Array.from({ length: size }, async () => {
			for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
		})
	);
}

test('every role: each page, endpoint and action answers as the roles file says; refused actions change nothing', async () => {
	test.setTimeout(300_000);
	const began = Date.now();
	const server = await startRolesServer(Number(process.env.E2E_PORT ?? 4173) + 4);
	const timings = { setup: Date.now() - began, pages: 0, actions: 0, fingerprints: 0 };
	try {
		const q = async (sql: string) => String((await server.database.execute(sql)).rows[0].id);
		// The organisation is Béthune (the demo's coordinating city); "elsewhere" is Nevers, a member of its consortium.
		const ids: DemoIds = {
			fund: await q("SELECT id FROM funds WHERE name = 'Fonds commun smart city (démo)'"),
			call: await q("SELECT c.id FROM calls c JOIN organisations o ON o.id = c.publisher_organisation_id WHERE o.slug = 'bethune' LIMIT 1"),
			consortium: await q("SELECT id FROM consortia WHERE name = 'Villes de France connectées (démo)'"),
			project: await q("SELECT p.id FROM projects p JOIN organisations o ON o.id = p.proposer_organisation_id WHERE o.slug = 'bethune' LIMIT 1"),
			organisation: await q("SELECT id FROM organisations WHERE slug = 'bethune'"),
			slug: 'bethune'
		};
		const found: Record<string, Record<string, string>> = {};
		const cell = (id: string, what: string, role: Role, answer: string) => ((found[`${id} ${what}`] ??= {})[role] = answer);
		const send = async (role: Role, target: string) => {
			const posted = await fetch(`${server.origin}${target}`, {
				method: 'POST',
				headers: {
					origin: server.origin,
					cookie: server.cookies[role],
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: 'id=x&amount=1000',
				redirect: 'manual'
			});
			const text = await posted.text();
			try {
				const json = JSON.parse(text) as { type: string; status?: number; location?: string };
				if (json.type === 'redirect') return `redirect ${describeAnswer(json.status ?? 303, json.location ?? '')}`;
				if (json.type === 'failure') return `failure ${json.status}`;
				return `${json.type} ${posted.status}`;
			} catch {
				return describeAnswer(posted.status, posted.headers.get('location'));
			}
		};
		const entries = Object.entries(matrix);
		for (const role of ROLES) {
			let at = Date.now();
			await pool(entries, 4, async ([id, entry]) => {
				const got = await fetch(`${server.origin}${entry.path(ids)}`, { headers: { accept: 'text/html', cookie: server.cookies[role] }, redirect: 'manual' });
				await got.arrayBuffer();
				cell(id, 'GET', role, describeAnswer(got.status, got.headers.get('location')));
			});
			const actions = entries.flatMap(([id, entry]) =>
				(entry.actions ?? [])
					.filter((action) => !NOT_SENT[id]?.[action]?.includes(role))
					.map((action) => {
						const path = entry.path(ids);
						const allowed = ALLOWED[id]?.[action];
						return {
							id,
							action,
							target: action === 'default' ? path : `${path}${path.includes('?') ? '&' : '?'}/${action}`,
							allowed: allowed === 'signed in' ? role !== 'anonymous' : Boolean(allowed?.includes(role))
						};
					})
			);
			timings.pages += Date.now() - at;
			at = Date.now();
			const before = await fingerprint(server.database);
			timings.fingerprints += Date.now() - at;
			at = Date.now();
			await pool(
				actions.filter((a) => !a.allowed),
				4,
				async ({ id, action, target }) => {
					const answer = await send(role, target);
					cell(id, `?/${action}`, role, answer);
					expect.soft(answer, `${role}: POST ${target} (${id}) must be refused`).toMatch(/^(failure 4\d\d|error 4\d\d|redirect 303 (login|two-factor|enrol))$/);
				}
			);
			timings.actions += Date.now() - at;
			at = Date.now();
			const after = await fingerprint(server.database);
			timings.fingerprints += Date.now() - at;
			at = Date.now();
			expect.soft(after.changed(before), `${role}: the database after every refused action`).toEqual([]);
			for (const { id, action, target } of actions.filter((a) => a.allowed)) {
				const answer = await send(role, target);
				cell(id, `?/${action}`, role, answer);
				expect.soft(answer, `${role}: POST ${target} (${id})`).not.toMatch(/ 5\d\d$/);
			}
			timings.actions += Date.now() - at;
		}
		console.log(`roles matrix: ${Object.keys(found).length} rows × ${ROLES.length} roles; ms ${JSON.stringify(timings)}`);
		if (process.env.UPDATE_ROLES_MATRIX) {
			writeFileSync(ROLES_FILE, `${JSON.stringify(found, null, '\t')}\n`);
			return;
		}
		const expected = JSON.parse(readFileSync(ROLES_FILE, 'utf8')) as Record<string, Record<string, string>>;
		expect.soft(Object.keys(found).sort(), 'the cells of the roles file').toEqual(Object.keys(expected).sort());
		for (const [what, byRole] of Object.entries(found)) for (const role of ROLES) expect.soft(byRole[role], `${what} as ${role}`).toBe(expected[what]?.[role]);
	} finally {
		await server.stop();
	}
});
