import cluster from 'node:cluster';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { baseLocale, cookieName, locales } from '$lib/paraglide/runtime';
import { chooseEncoding } from './compression';
import { writeGeneration } from '../db/write-lock';
import { tablesReadBy, unchangedSince } from '../db/tables-touched';
import { queryCountingEnabled } from '../db/query-count';

// A public page that nobody changed is the same for every anonymous visitor: it is rendered (and compressed)
// once, and the bytes are served again until something is written or a few seconds have passed.
//
// - Only anonymous reads: a GET (or HEAD) with no cookie but the locale's, no Authorization, outside /admin and
//   /healthz; only a 200 in HTML or JSON (pages, `__data.json`, the public API), without Set-Cookie or a
//   Cache-Control that says private or no-store, of at most MAX_ENTRY_BYTES.
// - Keyed by the full URL, the locale (the paraglide cookie, else the base locale) and the encoding chosen
//   for Accept-Encoding: a hit skips translation, authentication, rendering and compression.
// - Stale after any write of this process to a table the render read (db/tables-touched.ts: each render
//   notes the tables its statements named, each write the tables it changed, triggers included; a render
//   that sent no statement, or whose tables cannot be told, is stale after any write), and after the TTL
//   (default 5 s; 1 s for the processes of `server.js --cluster N`). So a burst of questions on a call
//   leaves the list of projects cached, and a project's edit shows at once. The TTL bounds what the tables
//   cannot see: text that depends on the time (a call that opens at a date) and writes of OTHER processes
//   (a peer of the cluster, `npm run admin:create`, `stripe:reconcile`): those show within the TTL.
// - Bounded: an LRU by total bytes and by number of entries, so arbitrary query strings cannot grow it.
// - Concurrent misses of one key render once; the others wait for that render.
//
// RENDER_CACHE=off or RENDER_CACHE_TTL_MS=0 turns it off; RENDER_CACHE_MAX_BYTES sets the bound.

/** Bodies larger than this are not kept (a page that big is the thing to fix, not to cache). */
export const MAX_ENTRY_BYTES = 256 * 1024;
export const DEFAULT_TTL_MS = 5000;
export const DEFAULT_CLUSTER_TTL_MS = 1000;
export const DEFAULT_MAX_BYTES = 24 * 1024 * 1024;
export const DEFAULT_MAX_ENTRIES = 2000;
/** Longer URLs are not cached (they are not links of the site). */
const MAX_URL_CHARS = 2048;

const CACHEABLE_TYPE = /^(text\/html|application\/json)\b/i;
const PRIVATE = /\b(private|no-store)\b/i;
/** Per-request headers a stored response must not carry to the next visitor. */
const NOT_STORED = new Set(['x-queries', 'x-render-cache', 'date']);

export interface RenderCacheOptions {
	ttlMs: number;
	maxBytes: number;
	maxEntries: number;
	maxEntryBytes?: number;
	/** Adds `x-render-cache: hit|miss` (the bench turns it on with BENCH=1). */
	exposeHeader?: boolean;
	now?: () => number;
}

interface Entry {
	status: number;
	statusText: string;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
	/** The write generation when its render started, and the tables the render read. */
	generation: number;
	tables: readonly string[];
	storedAt: number;
	bytes: number;
}

/** The key of a request that may be served from the cache, or undefined when it must be rendered for itself. */
export function cacheKey(request: Request, url: URL): string | undefined {
	if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
	if (request.headers.has('authorization')) return undefined;
	const path = url.pathname;
	if (path === '/healthz' || path.startsWith('/healthz/') || path === '/admin' || path.startsWith('/admin/')) return undefined;
	if (url.href.length > MAX_URL_CHARS) return undefined;
	const locale = localeOfCookies(request.headers.get('cookie'));
	if (locale === undefined) return undefined;
	const encoding = chooseEncoding(request.headers.get('accept-encoding')) ?? 'identity';
	return `${locale} ${encoding} ${url.href}`;
}

/** The locale the cookies choose, or undefined when there is any other cookie than the locale's. */
function localeOfCookies(header: string | null): string | undefined {
	let locale: string = baseLocale;
	if (!header) return locale;
	for (const part of header.split(';')) {
		const pair = part.trim();
		if (pair === '') continue;
		const at = pair.indexOf('=');
		const name = at === -1 ? pair : pair.slice(0, at).trim();
		if (name !== cookieName) return undefined;
		const value = pair.slice(at + 1).trim();
		if ((locales as readonly string[]).includes(value)) locale = value;
	}
	return locale;
}

/** The body of a response that may be stored, read whole; or the response to send as it is. */
async function storable(response: Response, maxEntryBytes: number): Promise<Uint8Array<ArrayBuffer> | Response> {
	const headers = response.headers;
	if (response.status !== 200 || !response.body) return response;
	if (headers.has('set-cookie') || PRIVATE.test(headers.get('cache-control') ?? '')) return response;
	if (!CACHEABLE_TYPE.test(headers.get('content-type') ?? '')) return response;
	const length = headers.get('content-length');
	if (length !== null && Number(length) > maxEntryBytes) return response;
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		total += value.byteLength;
		if (total > maxEntryBytes) {
			// Too big to keep: send what was read, then the rest as it comes.
			const rest = new ReadableStream<Uint8Array>({
				start(controller) {
					for (const chunk of chunks) controller.enqueue(chunk);
				},
				async pull(controller) {
					const next = await reader.read();
					if (next.done) controller.close();
					else controller.enqueue(next.value);
				},
				cancel(reason) {
					return reader.cancel(reason);
				}
			});
			return new Response(rest, { status: response.status, statusText: response.statusText, headers });
		}
	}
	const body = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return body;
}

export class RenderCache {
	/** In least-recently-used order: a Map iterates in insertion order, and a hit moves its entry last. */
	private readonly entries = new Map<string, Entry>();
	private readonly inFlight = new Map<string, Promise<Entry | undefined>>();
	private totalBytes = 0;
	private readonly now: () => number;
	private readonly maxEntryBytes: number;

	constructor(readonly options: RenderCacheOptions) {
		this.now = options.now ?? (() => performance.now());
		this.maxEntryBytes = Math.min(options.maxEntryBytes ?? MAX_ENTRY_BYTES, options.maxBytes);
	}

	get size() {
		return this.entries.size;
	}

	get bytes() {
		return this.totalBytes;
	}

	private lookup(key: string): Entry | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		this.entries.delete(key);
		if (!unchangedSince(entry.tables, entry.generation) || this.now() - entry.storedAt >= this.options.ttlMs) {
			this.totalBytes -= entry.bytes;
			return undefined;
		}
		this.entries.set(key, entry);
		return entry;
	}

	private store(key: string, entry: Entry) {
		const previous = this.entries.get(key);
		if (previous) {
			this.entries.delete(key);
			this.totalBytes -= previous.bytes;
		}
		this.entries.set(key, entry);
		this.totalBytes += entry.bytes;
		for (const [oldKey, old] of this.entries) {
			if (this.totalBytes <= this.options.maxBytes && this.entries.size <= this.options.maxEntries) break;
			this.entries.delete(oldKey);
			this.totalBytes -= old.bytes;
		}
	}

	private respond(request: Request, entry: Entry, label: 'hit' | 'miss'): Response {
		const headers = new Headers(entry.headers);
		if (this.options.exposeHeader) headers.set('x-render-cache', label);
		// A hit sends no statement to the database (the bench's column).
		if (queryCountingEnabled() && label === 'hit') headers.set('x-queries', '0');
		const body = request.method === 'HEAD' ? null : entry.body;
		return new Response(body, { status: entry.status, statusText: entry.statusText, headers });
	}

	private async render(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], key: string): Promise<Response> {
		let settle: (entry: Entry | undefined) => void = () => {};
		const done = new Promise<Entry | undefined>((resolveDone) => (settle = resolveDone));
		this.inFlight.set(key, done);
		const generation = writeGeneration();
		let entry: Entry | undefined;
		try {
			const {
				result: { response, body },
				tables
			} = await tablesReadBy(async () => {
				const response = await resolve(event);
				return { response, body: await storable(response, this.maxEntryBytes) };
			});
			if (body instanceof Response) return this.label(body, 'miss');
			const headers = [...response.headers].filter(([name]) => !NOT_STORED.has(name));
			entry = {
				status: response.status,
				statusText: response.statusText,
				headers,
				body,
				generation,
				tables,
				storedAt: this.now(),
				bytes: body.byteLength + key.length + headers.reduce((sum, [name, value]) => sum + name.length + value.length, 0)
			};
			// A table it read was written while this rendered: what it read may be stale; send it, do not keep it.
			if (unchangedSince(tables, generation) && entry.bytes <= this.maxEntryBytes) this.store(key, entry);
			return this.respond(event.request, entry, 'miss');
		} finally {
			if (this.inFlight.get(key) === done) this.inFlight.delete(key);
			// Shared with the requests that came while it rendered only if still current: nothing it read was
			// written since it started, hence none of them since they came.
			settle(entry && unchangedSince(entry.tables, entry.generation) ? entry : undefined);
		}
	}

	private label(response: Response, label: 'hit' | 'miss'): Response {
		if (!this.options.exposeHeader) return response;
		try {
			response.headers.set('x-render-cache', label);
			return response;
		} catch {
			return response;
		}
	}

	readonly handle: Handle = async ({ event, resolve }) => {
		const key = cacheKey(event.request, event.url);
		if (key === undefined) return resolve(event);
		const entry = this.lookup(key);
		if (entry) return this.respond(event.request, entry, 'hit');
		// A HEAD is answered from a GET's entry, never stored (it has no body to keep).
		if (event.request.method === 'HEAD') return resolve(event);
		const running = this.inFlight.get(key);
		if (running) {
			const shared = await running;
			if (shared) return this.respond(event.request, shared, 'hit');
			return this.label(await resolve(event), 'miss');
		}
		return this.render(event, resolve, key);
	};
}

function positiveOr(value: string | undefined, fallback: number) {
	if (value === undefined || value.trim() === '') return fallback;
	const number = Number(value);
	return Number.isFinite(number) && number >= 0 ? number : fallback;
}

/** The cache the environment asks for, or undefined when it is off. */
export function renderCacheFromEnv(env: Record<string, string | undefined> = process.env, inCluster = cluster.isWorker): RenderCache | undefined {
	if (env.RENDER_CACHE === 'off') return undefined;
	const ttlMs = positiveOr(env.RENDER_CACHE_TTL_MS, inCluster ? DEFAULT_CLUSTER_TTL_MS : DEFAULT_TTL_MS);
	if (ttlMs === 0) return undefined;
	const maxBytes = positiveOr(env.RENDER_CACHE_MAX_BYTES, DEFAULT_MAX_BYTES);
	if (maxBytes === 0) return undefined;
	return new RenderCache({ ttlMs, maxBytes, maxEntries: DEFAULT_MAX_ENTRIES, exposeHeader: env.BENCH === '1' });
}

const shared = dev ? undefined : renderCacheFromEnv();

/** The site's render cache (off in development, where the code changes under it). */
export const renderCache: Handle = shared ? shared.handle : ({ event, resolve }) => resolve(event);
