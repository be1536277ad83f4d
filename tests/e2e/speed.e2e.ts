import { expect, test, type APIRequestContext } from '@playwright/test';

// What a browser notices of #19: every text response compressed, immutable assets cached for a year,
// the département map a separate cached asset, and no layout shift while fonts load.

const brGzip = { 'accept-encoding': 'br, gzip' };

async function assetsOf(request: APIRequestContext, path: string) {
	const response = await request.get(path, { headers: brGzip });
	const links = response.headers()['link'] ?? '';
	const html = await response.text();
	const found = [...links.matchAll(/<\.?([^>]+)>/g), ...html.matchAll(/import\("\.?([^"]+\.js)"\)/g)].map((m) => m[1]);
	return { response, html, js: found.filter((p) => p.endsWith('.js')), css: found.filter((p) => p.endsWith('.css')) };
}

test('pages, scripts, styles and API answers leave compressed, varying by Accept-Encoding; immutable assets cached a year', async ({ request }) => {
	const { response, js, css } = await assetsOf(request, '/projects');
	expect(response.headers()['content-encoding']).toBe('br');
	expect(response.headers()['vary']).toMatch(/accept-encoding/i);
	expect(js.length).toBeGreaterThan(0);
	expect(css.length).toBeGreaterThan(0);
	for (const asset of [js[0], css[0]]) {
		const served = await request.get(asset, { headers: brGzip });
		expect(served.status()).toBe(200);
		expect(served.headers()['content-encoding']).toBe('br');
		expect(served.headers()['cache-control']).toBe('public,max-age=31536000,immutable');
		expect(served.headers()['vary']).toMatch(/accept-encoding/i);
	}
	const gzipOnly = await request.get('/api/v1/projects', { headers: { 'accept-encoding': 'gzip' } });
	expect(gzipOnly.headers()['content-encoding']).toBe('gzip');
	expect((await gzipOnly.json()).data.length).toBeGreaterThan(0);
	const identity = await request.get('/projects', { headers: { 'accept-encoding': 'identity' } });
	expect(identity.headers()['content-encoding']).toBeUndefined();
});

test('the département map is one cached SVG asset, not inlined in the page, with its text equivalent', async ({ page, request }) => {
	await page.goto('/consortia');
	await page
		.getByRole('link', { name: /Villes de France connectées/ })
		.first()
		.click();
	const map = page.getByRole('img', { name: /Pas-de-Calais \(62\)/ });
	await expect(map).toBeVisible();
	const html = await (await request.get(page.url())).text();
	expect(html.length).toBeLessThan(60_000);
	const href = await map.locator('use').first().getAttribute('href');
	expect(href).toMatch(/\/_app\/immutable\/assets\/departements-map\.[\w-]+\.svg#all$/);
	const asset = await request.get(new URL(href!, page.url()).pathname, { headers: brGzip });
	expect(asset.headers()['content-type']).toBe('image/svg+xml');
	expect(asset.headers()['cache-control']).toBe('public,max-age=31536000,immutable');
	expect(await asset.text()).toContain('id="d-62"');
});

for (const path of ['/', '/projects', '/funds']) {
	test(`no layout shift while ${path} loads its fonts`, async ({ page }) => {
		await page.addInitScript(() => {
			const w = window as unknown as { shift: number };
			w.shift = 0;
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
					if (!entry.hadRecentInput) w.shift += entry.value;
				}
			}).observe({ type: 'layout-shift', buffered: true });
		});
		await page.goto(path);
		await page.evaluate(() => document.fonts.ready);
		await page.waitForTimeout(500);
		expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
	});
}
