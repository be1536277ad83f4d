import { expect, test } from '@playwright/test';

test.describe('HTTP surface', () => {
	test('/healthz answers 200 {"status":"ok"} while the database answers', async ({ request }) => {
		const response = await request.get('/healthz');
		expect(response.status()).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	test('the favicon and robots.txt are served (they once sat outside the static folder)', async ({ request }) => {
		const icon = await request.get('/favicon.svg');
		expect(icon.status()).toBe(200);
		expect(icon.headers()['content-type']).toContain('image/svg+xml');
		const robots = await request.get('/robots.txt');
		expect(robots.status()).toBe(200);
		expect(await robots.text()).toContain('Disallow: /admin');
	});

	test('every response carries the security headers', async ({ request, baseURL }) => {
		for (const path of ['/', '/login', '/healthz', '/api/v1/organisations', '/no-such-page']) {
			const response = await request.get(path);
			const headers = response.headers();
			expect(headers['x-content-type-options'], path).toBe('nosniff');
			expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
			expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
		}
		// The adapter serves the built assets before the app's hooks run: server.js adds the headers there too.
		const home = await (await request.get('/')).text();
		for (const asset of [/\/_app\/immutable\/[^"']+\.js/.exec(home)?.[0], /\/_app\/immutable\/[^"']+\.css/.exec(home)?.[0]]) {
			expect(asset).toBeTruthy();
			const headers = (await request.get(asset!)).headers();
			expect(headers['x-content-type-options'], asset).toBe('nosniff');
			expect(headers['referrer-policy'], asset).toBe('strict-origin-when-cross-origin');
		}
		// Clients are told 5 s of idle time; the server keeps the connection longer (a late reuse is no reset).
		const plain = await fetch(new URL('/healthz', baseURL!));
		expect(plain.headers.get('keep-alive')).toBe('timeout=5');
		await plain.arrayBuffer();
	});

	test('the public API lists verified organisations and never an email address', async ({ request }) => {
		const response = await request.get('/api/v1/organisations?limit=3');
		expect(response.status()).toBe(200);
		const body = await response.json();
		expect(body.data).toHaveLength(3);
		expect(body.next).toEqual(expect.any(String));
		expect(JSON.stringify(body)).not.toContain('@');

		const next = await (await request.get(`/api/v1/organisations?limit=100&cursor=${body.next}`)).json();
		const ids = [...body.data, ...next.data].map((o: { id: string }) => o.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThanOrEqual(7);

		const one = await request.get(`/api/v1/organisations/${body.data[0].id}`);
		expect((await one.json()).name).toBe(body.data[0].name);
	});

	test('the public API answers bad parameters with 400 and unknown objects with 404, in JSON', async ({ request }) => {
		const bad = await request.get('/api/v1/organisations?limit=0');
		expect(bad.status()).toBe(400);
		expect(await bad.json()).toMatchObject({ error: 'invalid_limit' });

		const badCursor = await request.get('/api/v1/organisations?cursor=!!!');
		expect(badCursor.status()).toBe(400);

		const missing = await request.get('/api/v1/organisations/doesnotexist');
		expect(missing.status()).toBe(404);
		expect(await missing.json()).toEqual({ error: 'not_found', message: 'No such organisation.' });
	});

	test('the public API refuses unknown filter values and hand-made cursors, answers unknown paths in JSON, and any site may read every answer', async ({
		request
	}) => {
		for (const path of [
			'/api/v1/projects?status=bogus',
			'/api/v1/calls?theme=nope',
			'/api/v1/organisations?region=xx',
			'/api/v1/funds?limit=1e1',
			'/api/v1/consortia?limit=%2B5'
		]) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(400);
			expect(response.headers()['access-control-allow-origin'], path).toBe('*');
			expect(await response.json(), path).toMatchObject({ error: expect.stringMatching(/^invalid_/), message: expect.any(String) });
		}
		const handMade = await request.get(`/api/v1/projects?cursor=${Buffer.from('o1').toString('base64url')}`);
		expect(handMade.status()).toBe(400);
		expect(await handMade.json()).toMatchObject({ error: 'invalid_cursor' });

		for (const path of ['/api/v1/no-such-collection', '/api/v1/projects/x/y/z']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(404);
			expect(response.headers()['content-type'], path).toContain('application/json');
			expect(response.headers()['access-control-allow-origin'], path).toBe('*');
			expect((await response.json()).error, path).toBe('not_found');
		}
		// /api/v1 itself is where to start: the OpenAPI document and each list.
		const index = await request.get('/api/v1');
		expect(index.status()).toBe(200);
		expect(index.headers()['access-control-allow-origin']).toBe('*');
		const where = await index.json();
		expect(where.openapi).toMatch(/\/api\/v1\/openapi\.json$/);
		expect(where.lists.projects).toMatch(/\/api\/v1\/projects$/);

		const posted = await request.post('/api/v1/projects', { headers: { origin: 'https://elsewhere.example' } });
		expect(posted.status()).toBe(405);
		expect(posted.headers()['access-control-allow-origin']).toBe('*');
		const preflight = await request.fetch('/api/v1/projects', {
			method: 'OPTIONS',
			headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' }
		});
		expect(preflight.status()).toBe(204);
		expect(preflight.headers()['access-control-allow-origin']).toBe('*');
	});

	test('the OpenAPI document describes the API', async ({ request }) => {
		const document = await (await request.get('/api/v1/openapi.json')).json();
		expect(document.openapi).toMatch(/^3\./);
		expect(Object.keys(document.paths)).toContain('/organisations/{id}');
		expect(document.paths['/organisations/{id}'].get).toMatchObject({ operationId: 'getOrganisation', security: [] });
	});

	test('a form posted from another site is refused', async ({ request }) => {
		const response = await request.post('/login', {
			headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			data: 'email=admin%40entente.example&password=x'
		});
		expect(response.status()).toBe(403);
	});
});
