import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, PLATFORM_ADMIN, totpCodeFor } from './support';
import { actionsOf } from '../support/route-actions';

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

async function signedIn(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, email: string) {
	const context = await playwright.request.newContext({ baseURL: ORIGIN });
	const response = await context.post('/login', {
		headers: { origin: ORIGIN, accept: 'text/html' },
		form: { email, password: DEMO_PASSWORD, redirectTo: '/account' },
		maxRedirects: 0
	});
	expect(response.status(), `signing in ${email}`).toBe(303);
	if (response.headers().location?.startsWith('/two-factor')) {
		// Platform administrators pass the second factor (the demo's documented secret) before anything else.
		let passed = false;
		for (const offset of [0, 1, 2]) {
			const answer = await context.post('/two-factor?/code', {
				headers: { origin: ORIGIN, accept: 'text/html' },
				form: { code: totpCodeFor(DEMO_TOTP_SECRET, offset), redirectTo: '/account' },
				maxRedirects: 0
			});
			if (answer.status() === 303) {
				passed = true;
				break;
			}
		}
		expect(passed, `second factor of ${email}`).toBe(true);
	}
	return context;
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
	for (const path of ['/api/v1/funds/NOT-AN-ID', '/api/v1/funds/abc/ledger', '/api/v1/organisations/Beauvais']) {
		const response = await request.get(path);
		expect.soft(response.status(), path).toBe(404);
		expect.soft(await response.json(), path).toMatchObject({ error: 'not_found' });
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

test('administration: refused to a member of an organisation, open to the platform admin', async ({ playwright }) => {
	const member = await signedIn(playwright, 'agent@laval.example');
	const admin = await signedIn(playwright, PLATFORM_ADMIN);
	for (const [id, entry] of Object.entries(matrix).filter(([, e]) => e.audience === 'platform_admin')) {
		const path = entry.path({} as DemoIds);
		expect.soft((await member.get(path, { maxRedirects: 0 })).status(), `${id} as a member`).toBe(403);
		expect.soft((await admin.get(path, { maxRedirects: 0 })).status(), `${id} as the platform admin`).toBe(200);
		for (const action of entry.actions ?? []) {
			const posted = await member.post(`${path}?/${action}`, {
				headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				data: 'organisationId=x&decision=verified',
				maxRedirects: 0
			});
			expect.soft(posted.status(), `POST ${path}?/${action} as a member`).toBe(403);
		}
	}
	for (const [id, entry] of Object.entries(matrix).filter(([, e]) => e.audience === 'signed_in' && !e.path({} as DemoIds).includes('undefined'))) {
		const path = entry.path({} as DemoIds);
		expect.soft((await member.get(path, { maxRedirects: 0 })).status(), `${id} signed in`).toBe(200);
	}
	await member.dispose();
	await admin.dispose();
});
