import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';
import type { Handle } from '@sveltejs/kit';

// Every text response leaves compressed when the client accepts it: pages, JSON, CSV, feeds, SVG.
// Built assets are compressed once at build time (adapter-node `precompress`); what the server renders
// is compressed here, as a stream, so downloads that stream stay streams. Brotli at quality 4 costs
// about what gzip 6 costs and is smaller; gzip for clients without brotli.

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|atom\+xml|rss\+xml|problem\+json|manifest\+json|ld\+json)|image\/svg\+xml)/i;
/** Below this, the headers of a compressed response weigh more than what it saves. */
const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
	if (!acceptEncoding) return undefined;
	const weights = new Map<string, number>();
	for (const part of acceptEncoding.slice(0, 512).split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q ? Number(q.slice(2)) : 1;
		if (name) weights.set(name, Number.isFinite(weight) ? weight : 0);
	}
	const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
	if (weightOf('br') > 0 && weightOf('br') >= weightOf('gzip')) return 'br';
	if (weightOf('gzip') > 0) return 'gzip';
	return undefined;
}

function compressor(encoding: Encoding): TransformStream<Uint8Array, Uint8Array> {
	const zlib: BrotliCompress | Gzip =
		encoding === 'br'
			? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 18 } })
			: createGzip({ level: 6 });
	// Each chunk is flushed as it comes, so a page or a download that streams reaches the reader as it is written.
	const flushKind = encoding === 'br' ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH;
	let failed: Error | undefined;
	return new TransformStream<Uint8Array, Uint8Array>({
		start(controller) {
			// A reader that goes away (a closed tab, an aborted download) cancels the stream while zlib may
			// still hold output: enqueueing it then throws, and an exception thrown from a zlib event would
			// stop the whole server. Drop the output and stop zlib instead.
			zlib.on('data', (chunk: Buffer) => {
				try {
					controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
				} catch {
					zlib.destroy();
				}
			});
			zlib.on('error', (error) => {
				failed = error;
				try {
					controller.error(error);
				} catch {
					// Already closed or cancelled: nobody is reading any more.
				}
			});
		},
		transform(chunk) {
			if (failed) throw failed;
			return new Promise<void>((done) => {
				zlib.write(chunk);
				zlib.flush(flushKind, () => done());
			});
		},
		flush() {
			return new Promise<void>((done, fail) => {
				zlib.once('end', done);
				zlib.once('error', fail);
				zlib.end();
			});
		}
	});
}

function addVary(headers: Headers) {
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

/** The response compressed for this request when it is worth it, with `Vary: Accept-Encoding`. */
export function compressResponse(request: Request, response: Response): Response {
	if (!response.body || request.method === 'HEAD') return response;
	if (response.status < 200 || response.status === 204 || response.status === 206 || response.status === 304) return response;
	const headers = response.headers;
	if (headers.has('content-encoding') || !COMPRESSIBLE.test(headers.get('content-type') ?? '')) return response;
	if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return response;
	const length = headers.get('content-length');
	if (length !== null && Number(length) < MIN_BYTES) return response;

	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	const out = new Headers(headers);
	addVary(out);
	if (!encoding) return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
	out.set('content-encoding', encoding);
	out.delete('content-length');
	const etag = out.get('etag');
	if (etag && !etag.startsWith('W/')) out.set('etag', `W/${etag}`);
	return new Response(response.body.pipeThrough(compressor(encoding)), { status: response.status, statusText: response.statusText, headers: out });
}

export const compression: Handle = async ({ event, resolve }) => compressResponse(event.request, await resolve(event));
