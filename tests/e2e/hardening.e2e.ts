import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, E2E_DATABASE_URL, signIn } from './support';

// What was found from outside (issue #11), over HTTP against the built server: each of these answered
// a 500, froze the server or sent a visitor to another site before.

const ORIGIN = `http://localhost:${Number(process.env.E2E_PORT ?? 4173)}`;
// A browser's form post (not use:enhance, which asks for JSON and always gets 200).
const formHeaders = { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The status a form post got. A body over the 1 MiB cap is answered 413 before it is read, and the
 * connection closed: the client may still be sending and see it cut (EPIPE) instead of the answer.
 */
async function postStatus(send: () => Promise<{ status(): number }>) {
	try {
		return (await send()).status();
	} catch (error) {
		if (/EPIPE|ECONNRESET|socket hang up/.test(String(error))) return 413;
		throw error;
	}
}

/** The slowest of three /healthz answers with nothing else going on, in milliseconds. */
async function healthzAtRest(request: APIRequestContext) {
	let slowest = 0;
	for (let i = 0; i < 3; i++) {
		const started = Date.now();
		await request.get('/healthz');
		slowest = Math.max(slowest, Date.now() - started);
	}
	return slowest;
}

/**
 * How long /healthz takes to answer while `attack` runs, and what the attack got. `budgetMs` is 1 s,
 * or four times /healthz at rest on a machine so loaded that even that takes longer (shared CI): a
 * freeze, which lasted minutes, fails either way.
 */
async function healthzDuring(request: APIRequestContext, attack: () => Promise<number>) {
	const budgetMs = Math.max(1000, 4 * (await healthzAtRest(request)));
	const pending = attack();
	// Let the attack's body reach the server before asking.
	await new Promise((resolve) => setTimeout(resolve, 150));
	const started = Date.now();
	const health = await request.get('/healthz', { timeout: 10_000 });
	const healthMs = Date.now() - started;
	expect(health.status()).toBe(200);
	return { healthMs, budgetMs, status: await pending };
}

async function signedInRequest(request: APIRequestContext, email: string) {
	const response = await request.post('/login', {
		headers: formHeaders,
		form: { email, password: DEMO_PASSWORD, redirectTo: '/account' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
}

test.describe('a huge password does not freeze the server', () => {
	const megabyte = 'é'.repeat(1_000_000);
	// Just under the request-level cap on a field: it reaches the password rule itself.
	const underTheCap = 'é'.repeat(60_000);

	for (const [label, password] of [
		['1 MB', megabyte],
		['60,000 characters', underTheCap]
	] as const) {
		test(`sign-up with a ${label} password: refused, and /healthz answers within 1 s meanwhile`, async ({ request }) => {
			const { healthMs, budgetMs, status } = await healthzDuring(request, async () => {
				return postStatus(() =>
					request.post('/signup', {
						headers: formHeaders,
						form: { name: 'Mallory', email: 'mallory@example.org', password },
						timeout: 20_000
					})
				);
			});
			expect(healthMs).toBeLessThan(budgetMs);
			expect([400, 413]).toContain(status);
		});
	}

	test('reset with a link and the account page: a 1 MB password is refused without a stall', async ({ request }) => {
		const reset = await healthzDuring(request, async () =>
			postStatus(() => request.post('/reset-password/not-a-live-token', { headers: formHeaders, form: { password: megabyte } }))
		);
		expect(reset.healthMs).toBeLessThan(reset.budgetMs);
		expect(reset.status).toBe(413);

		await signedInRequest(request, 'contact@donnees-citoyennes.example');
		for (const form of [
			{ currentPassword: megabyte, password: 'correct horse battery staple' },
			{ currentPassword: 'wrong one', password: underTheCap }
		]) {
			const { healthMs, budgetMs, status } = await healthzDuring(request, async () =>
				postStatus(() => request.post('/account?/password', { headers: formHeaders, form }))
			);
			expect(healthMs).toBeLessThan(budgetMs);
			expect([400, 413]).toContain(status);
		}
	});
});

test.describe('redirects stay on this site', () => {
	test('the language switch sends home any target that leaves the site, and refuses control characters', async ({ request }) => {
		for (const target of ['//evil.example/', '/.//evil.example/', '/%2e//evil.example/', 'https://evil.example/', '/\\evil.example/']) {
			const response = await request.get(`/language/en?redirectTo=${encodeURIComponent(target)}`, { maxRedirects: 0 });
			expect(response.status(), target).toBe(303);
			expect(response.headers().location, target).toBe('/');
		}
		for (const encoded of ['/%09/evil.example/', '/%0d%0aSet-Cookie:%20x=1', '/%00']) {
			const response = await request.get(`/language/fr?redirectTo=${encoded}`, { maxRedirects: 0 });
			expect(response.status(), encoded).toBe(400);
			expect(response.headers().location, encoded).toBeUndefined();
		}
		const kept = await request.get(`/language/fr?redirectTo=${encodeURIComponent('/funds?x=1')}`, { maxRedirects: 0 });
		expect(kept.headers().location).toBe('/funds?x=1');
	});

	test('signing in never sends a person to another site', async ({ playwright }) => {
		for (const [target, expected] of [
			['/\t/evil.example/', 400],
			['//evil.example/', '/'],
			['/.//evil.example/', '/']
		] as const) {
			const request = await playwright.request.newContext({ baseURL: ORIGIN });
			const response = await request.post('/login', {
				headers: formHeaders,
				form: { email: 'contact@mobilites-douces.example', password: DEMO_PASSWORD, redirectTo: target },
				maxRedirects: 0
			});
			if (expected === 400) expect(response.status(), JSON.stringify(target)).toBe(400);
			else expect(response.headers().location, target).toBe(expected);
			await request.dispose();
		}
	});
});

test.describe('odd requests answer 4xx, never 500', () => {
	const bodies: [string, string, string][] = [
		['multipart without a boundary', 'multipart/form-data', 'email=a'],
		['truncated multipart', 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc'],
		[
			'a raw quote in a filename',
			'multipart/form-data; boundary=XyZ',
			'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a"b.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--XyZ--\r\n'
		],
		[
			'a line break in a filename',
			'multipart/form-data; boundary=XyZ',
			'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a\r\nb.pdf"\r\n\r\n%PDF\r\n--XyZ--\r\n'
		]
	];
	for (const [label, contentType, body] of bodies) {
		test(`${label}: 400`, async ({ request }) => {
			for (const path of ['/login', '/signup', '/calls/any/respond?/submit']) {
				const response = await request.post(path, { headers: { origin: ORIGIN, 'content-type': contentType }, data: body });
				expect(response.status(), `${label} on ${path}`).toBe(400);
			}
		});
	}

	test('action names that are properties of every object: 400', async ({ request }) => {
		for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
			for (const path of ['/login', '/account', '/organisations/new']) {
				const response = await request.post(`${path}?/${name}`, { headers: formHeaders, data: 'email=a' });
				expect(response.status(), `${path}?/${name}`).toBe(400);
			}
		}
	});
});

test.describe('headers', () => {
	test('signed-in pages are never cached; public ones may be', async ({ request }) => {
		const anonymous = await request.get('/');
		expect(anonymous.headers()['cache-control'] ?? '').not.toContain('no-store');
		await signedInRequest(request, 'contact@donnees-citoyennes.example');
		for (const path of ['/', '/account', '/notifications']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			expect(response.headers()['cache-control'], path).toBe('private, no-store');
		}
	});

	test('no HSTS over plain HTTP (the test server): it would pin a site that has no certificate', async ({ request }) => {
		expect((await request.get('/')).headers()['strict-transport-security']).toBeUndefined();
	});
});

test.describe('stored text never runs as script', () => {
	/** Records, before any page script runs, every sign that injected markup was parsed as HTML. */
	async function watch(page: Page) {
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		await page.addInitScript(() => {
			const w = window as unknown as { __violations: string[] };
			w.__violations = [];
			// The CSP blocks inline script: a blocked one means markup got into the page unescaped.
			document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
		});
		return dialogs;
	}

	/** What on the page shows that a payload became markup: handlers, javascript: links, our scripts and images. */
	function injected(page: Page) {
		return page.evaluate(() => {
			const found: string[] = [];
			for (const element of document.querySelectorAll('*')) {
				for (const attribute of element.getAttributeNames()) {
					const value = element.getAttribute(attribute) ?? '';
					if (/^on/i.test(attribute)) found.push(`${element.tagName} ${attribute}=${value}`);
					if (['href', 'src', 'action', 'formaction'].includes(attribute) && /^\s*javascript:/i.test(value))
						found.push(`${element.tagName} ${attribute}=${value}`);
				}
			}
			// A script element made of the payload (the page's own data script carries it as an escaped string).
			for (const script of document.querySelectorAll('script')) if (script.textContent?.trim() === 'window.__xss=1') found.push('a script of ours');
			for (const image of document.querySelectorAll('img[src="x"]')) found.push(`an injected image ${image.outerHTML}`);
			for (const frame of document.querySelectorAll('iframe')) found.push(`an iframe ${frame.outerHTML}`);
			const w = window as unknown as { __xss?: unknown; __violations: string[] };
			if (w.__xss !== undefined) found.push('window.__xss was set');
			return { found, violations: w.__violations, text: document.body.innerText };
		});
	}

	test('payloads stored through the commands are shown as text on every page that shows them', async ({ browser }) => {
		test.setTimeout(180_000);
		// A process of its own writes them through the same commands (and schemas) as the forms.
		const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['tests/support/xss-fixture.ts'], {
			env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }
		});
		const { pages } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pages: { path: string; viewer: string | null; markers: string[] }[] };
		expect(pages.length).toBeGreaterThan(10);

		const viewers = [...new Set(pages.map((p) => p.viewer))];
		for (const viewer of viewers) {
			const context = await browser.newContext();
			const page = await context.newPage();
			const dialogs = await watch(page);
			if (viewer) await signIn(page, viewer);
			for (const { path, markers } of pages.filter((p) => p.viewer === viewer)) {
				await page.goto(path);
				const { found, violations, text } = await injected(page);
				const where = `${path} as ${viewer ?? 'a visitor'}`;
				// Shown, so the check below saw the payload…
				for (const marker of markers) expect.soft(text, `${marker} on ${where}`).toContain(marker);
				// …as text: nothing of it became an element, a handler, a link or a script.
				expect.soft(found, where).toEqual([]);
				expect.soft(violations, `CSP violations on ${where}`).toEqual([]);
			}
			expect(dialogs, `dialogs opened for ${viewer ?? 'a visitor'}`).toEqual([]);
			await context.close();
		}
	});
});
