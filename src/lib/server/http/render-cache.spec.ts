import { brotliDecompressSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { compressResponse } from './compression';
import { cacheKey, DEFAULT_CLUSTER_TTL_MS, DEFAULT_TTL_MS, RenderCache, renderCacheFromEnv, type RenderCacheOptions } from './render-cache';
import { withWriteLock } from '../db/write-lock';
import { SESSION_COOKIE } from '../auth/session-token';

const page = (text: string) => '<!doctype html><main>' + `${text} `.repeat(100) + '</main>';

/** A cache on a hand clock, and a stand-in for the rest of the hooks that counts its renders. */
function setup(options: Partial<RenderCacheOptions> = {}, respond?: (request: Request, n: number) => Response) {
	let clock = 0;
	const cache = new RenderCache({ ttlMs: 5000, maxBytes: 1024 * 1024, maxEntries: 100, exposeHeader: true, now: () => clock, ...options });
	let renders = 0;
	let content = 'Budget participatif';
	const render =
		respond ??
		((request: Request) => {
			const lang = /PARAGLIDE_LOCALE=en/.test(request.headers.get('cookie') ?? '') ? 'en' : 'fr';
			return compressResponse(request, new Response(page(`${lang}: ${content}`), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
		});
	const get = async (path = '/projects', headers: Record<string, string> = {}, method = 'GET') => {
		const request = new Request(`http://localhost${path}`, { method, headers });
		const event = { request, url: new URL(request.url) } as RequestEvent;
		const response = await cache.handle({
			event,
			resolve: async (e) => {
				renders++;
				return render(e.request, renders);
			}
		});
		const bytes = Buffer.from(method === 'HEAD' ? new ArrayBuffer(0) : await response.arrayBuffer());
		return { response, state: response.headers.get('x-render-cache'), bytes, text: bytes.toString() };
	};
	return {
		cache,
		get,
		renders: () => renders,
		change: (text: string) => (content = text),
		advance: (ms: number) => (clock += ms)
	};
}

/** A write through the process's write lock, as every command's `write()` does. */
const aWrite = () => withWriteLock(async () => undefined);

describe('the render cache', () => {
	it('renders an anonymous page once and serves the same bytes to the next visitor', async () => {
		const { get, renders } = setup();
		const first = await get();
		const second = await get();
		expect([first.state, second.state]).toEqual(['miss', 'hit']);
		expect(second.text).toBe(first.text);
		expect(second.text).toContain('fr: Budget participatif');
		expect(second.response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(renders()).toBe(1);
		// A different query string is a different page.
		expect((await get('/projects?page=2')).state).toBe('miss');
	});

	it('renders again after any write, and shows what changed', async () => {
		const { get, change, renders } = setup();
		await get();
		change('Capteurs de qualité de l’air');
		await aWrite();
		const after = await get();
		expect(after.state).toBe('miss');
		expect(after.text).toContain('Capteurs de qualité de l’air');
		expect(renders()).toBe(2);
	});

	it('does not keep what was rendered while a write went through', async () => {
		let writeDuring = true;
		const { get, renders } = setup({}, () => {
			if (writeDuring) {
				writeDuring = false;
				void aWrite();
			}
			return new Response(page('x'), { headers: { 'content-type': 'text/html' } });
		});
		await get();
		await aWrite(); // the write queued during the render has settled too
		expect((await get()).state).toBe('miss');
		expect((await get()).state).toBe('hit');
		expect(renders()).toBe(2);
	});

	it('expires an entry after the TTL', async () => {
		const { get, advance } = setup({ ttlMs: 5000 });
		await get();
		advance(4999);
		expect((await get()).state).toBe('hit');
		advance(1);
		expect((await get()).state).toBe('miss');
	});

	it('never serves nor keeps a request that carries a session, a flash or any other cookie, or credentials', async () => {
		const { get, renders } = setup();
		const cases: Record<string, string>[] = [
			{ cookie: `${SESSION_COOKIE}=abc` },
			{ cookie: 'entente_flash=Enregistr%C3%A9' },
			{ cookie: `PARAGLIDE_LOCALE=fr; ${SESSION_COOKIE}=abc` },
			{ cookie: 'tracking=1' },
			{ authorization: 'Bearer token' }
		];
		for (const headers of cases) {
			expect((await get('/projects', headers)).state, JSON.stringify(headers)).toBeNull();
			expect((await get('/projects', headers)).state, JSON.stringify(headers)).toBeNull();
		}
		expect(renders()).toBe(10);
		// Nothing of theirs was kept: the anonymous visitor's first request renders.
		expect((await get()).state).toBe('miss');
	});

	it('keeps the French and English pages apart, and each encoding apart', async () => {
		const { get, renders } = setup();
		const fr = await get('/projects', { cookie: 'PARAGLIDE_LOCALE=fr' });
		const en = await get('/projects', { cookie: 'PARAGLIDE_LOCALE=en' });
		expect([fr.state, en.state]).toEqual(['miss', 'miss']);
		expect((await get('/projects')).state).toBe('hit'); // no cookie: the base locale, French
		const enAgain = await get('/projects', { cookie: 'PARAGLIDE_LOCALE=en' });
		expect(enAgain.state).toBe('hit');
		expect(enAgain.text).toContain('en: Budget participatif');

		const br = await get('/projects', { 'accept-encoding': 'gzip, br' });
		const gzip = await get('/projects', { 'accept-encoding': 'gzip' });
		expect([br.state, gzip.state]).toEqual(['miss', 'miss']);
		const brAgain = await get('/projects', { 'accept-encoding': 'br' });
		expect(brAgain.state).toBe('hit');
		expect(brAgain.response.headers.get('content-encoding')).toBe('br');
		expect(brotliDecompressSync(brAgain.bytes).toString()).toBe(fr.text);
		expect(renders()).toBe(4);
	});

	it('keeps only whole 200s in HTML or JSON, without Set-Cookie or a private Cache-Control', async () => {
		const kinds: Record<string, () => Response> = {
			'/set-cookie': () => new Response(page('c'), { headers: { 'content-type': 'text/html', 'set-cookie': 'entente_flash=x; Path=/' } }),
			'/private': () => new Response(page('p'), { headers: { 'content-type': 'text/html', 'cache-control': 'private, no-store' } }),
			'/missing': () => new Response(page('n'), { status: 404, headers: { 'content-type': 'text/html' } }),
			'/ledger.csv': () => new Response('a;b\n', { headers: { 'content-type': 'text/csv' } }),
			'/big': () => new Response('x'.repeat(300 * 1024), { headers: { 'content-type': 'text/html' } }),
			'/api/v1/projects': () => new Response('{"items":[]}', { headers: { 'content-type': 'application/json' } })
		};
		const { get, renders } = setup({}, (request) => kinds[new URL(request.url).pathname]());
		for (const path of Object.keys(kinds)) await get(path);
		const again = await Promise.all(Object.keys(kinds).map(async (path) => [path, await get(path)] as const));
		expect(Object.fromEntries(again.map(([path, { state }]) => [path, state]))).toEqual({
			'/set-cookie': 'miss',
			'/private': 'miss',
			'/missing': 'miss',
			'/ledger.csv': 'miss',
			'/big': 'miss',
			'/api/v1/projects': 'hit'
		});
		// A page too big to keep still reaches the visitor whole.
		expect(again.find(([path]) => path === '/big')![1].text).toHaveLength(300 * 1024);
		expect(renders()).toBe(11);
	});

	it('leaves alone writes, /admin and /healthz', async () => {
		const { get, renders } = setup();
		for (const [path, method] of [
			['/admin', 'GET'],
			['/admin/users', 'GET'],
			['/healthz', 'GET'],
			['/projects', 'POST'],
			['/projects', 'DELETE']
		]) {
			await get(path, {}, method);
			expect((await get(path, {}, method)).state, `${method} ${path}`).toBeNull();
		}
		expect(renders()).toBe(10);
	});

	it('answers a HEAD from the GET entry, without a body', async () => {
		const { get } = setup();
		await get();
		const head = await get('/projects', {}, 'HEAD');
		expect(head.state).toBe('hit');
		expect(head.response.body).toBeNull();
	});

	it('renders once for concurrent misses of one page', async () => {
		let release: () => void = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const { cache } = setup();
		let renders = 0;
		const requests = Array.from({ length: 5 }, () => {
			const request = new Request('http://localhost/calls');
			return cache.handle({
				event: { request, url: new URL(request.url) } as RequestEvent,
				resolve: async () => {
					renders++;
					await gate;
					return new Response(page('calls'), { headers: { 'content-type': 'text/html' } });
				}
			});
		});
		release();
		const responses = await Promise.all(requests);
		const texts = await Promise.all(responses.map((r) => r.text()));
		expect(new Set(texts).size).toBe(1);
		expect(responses.map((r) => r.headers.get('x-render-cache')).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'miss']);
		expect(renders).toBe(1);
	});

	it('stays within its byte bound whatever the query strings, dropping the least recently used', async () => {
		const { cache, get } = setup({ maxBytes: 64 * 1024, maxEntries: 1000 });
		await get('/projects');
		for (let i = 0; i < 200; i++) {
			await get(`/projects?q=${i}`);
			if (i % 10 === 0) expect((await get('/projects')).state).toBe('hit'); // kept: recently used
			expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
		}
		expect(cache.size).toBeGreaterThan(5);
		expect(cache.size).toBeLessThan(40);
		expect((await get('/projects?q=0')).state).toBe('miss'); // long evicted
		expect((await get('/projects?q=199')).state).toBe('hit');
	});

	it('stays within its entry bound', async () => {
		const { cache, get } = setup({ maxEntries: 3 });
		for (const q of ['a', 'b', 'c', 'd']) await get(`/projects?q=${q}`);
		expect(cache.size).toBe(3);
		expect((await get('/projects?q=a')).state).toBe('miss');
	});
});

describe('cacheKey', () => {
	const key = (path: string, headers: Record<string, string> = {}) => {
		const request = new Request(`http://localhost${path}`, { headers });
		return cacheKey(request, new URL(request.url));
	};
	it('names the locale, the encoding and the full URL', () => {
		expect(key('/calls?theme=health')).toBe('fr identity http://localhost/calls?theme=health');
		expect(key('/calls', { cookie: 'PARAGLIDE_LOCALE=en', 'accept-encoding': 'gzip, br' })).toBe('en br http://localhost/calls');
		// A locale that does not exist falls back to the base locale, as paraglide does.
		expect(key('/calls', { cookie: 'PARAGLIDE_LOCALE=de' })).toBe('fr identity http://localhost/calls');
		expect(key(`/calls?q=${'x'.repeat(3000)}`)).toBeUndefined();
	});
});

describe('renderCacheFromEnv', () => {
	it('is on by default, off when asked, and shorter-lived in a cluster', () => {
		expect(renderCacheFromEnv({}, false)?.options.ttlMs).toBe(DEFAULT_TTL_MS);
		expect(renderCacheFromEnv({}, true)?.options.ttlMs).toBe(DEFAULT_CLUSTER_TTL_MS);
		expect(renderCacheFromEnv({ RENDER_CACHE_TTL_MS: '250' }, true)?.options.ttlMs).toBe(250);
		expect(renderCacheFromEnv({ RENDER_CACHE: 'off' }, false)).toBeUndefined();
		expect(renderCacheFromEnv({ RENDER_CACHE_TTL_MS: '0' }, false)).toBeUndefined();
		expect(renderCacheFromEnv({ RENDER_CACHE_MAX_BYTES: '1000000' }, false)?.options.maxBytes).toBe(1_000_000);
		expect(renderCacheFromEnv({ BENCH: '1' }, false)?.options.exposeHeader).toBe(true);
		expect(renderCacheFromEnv({}, false)?.options.exposeHeader).toBe(false);
	});
});
