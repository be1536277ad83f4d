import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from './compression';

const page = '<!doctype html><p>' + 'Fonds commun smart city — 1 234 567,00 € '.repeat(200) + '</p>';
const get = (acceptEncoding?: string, method = 'GET') =>
	new Request('http://localhost/funds', { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
const html = (body: string | null = page, headers: Record<string, string> = {}) =>
	new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours q=0', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('gzip;q=0.5, br;q=0.1')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeUndefined();
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding(null)).toBeUndefined();
	});
});

describe('compressResponse', () => {
	it('survives a reader that goes away mid-stream (a closed tab once stopped the whole server)', async () => {
		const crashes: unknown[] = [];
		const onCrash = (error: unknown) => crashes.push(error);
		process.on('uncaughtException', onCrash);
		try {
			for (const encoding of ['br', 'gzip']) {
				// Random bytes do not compress: plenty of output still to come when the reader leaves.
				const noise = Array.from({ length: 64 }, () => Buffer.from(crypto.getRandomValues(new Uint8Array(16_384))).toString('base64'));
				const body = new ReadableStream<Uint8Array>({
					pull(controller) {
						const next = noise.shift();
						if (next) controller.enqueue(new TextEncoder().encode(next));
						else controller.close();
					}
				});
				const response = compressResponse(get(encoding), new Response(body, { headers: { 'content-type': 'text/html' } }));
				const reader = response.body!.getReader();
				expect((await reader.read()).done).toBe(false);
				await reader.cancel();
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			expect(crashes).toEqual([]);
		} finally {
			process.off('uncaughtException', onCrash);
		}
	});

	it('compresses a page with brotli or gzip, and says it varies by Accept-Encoding', async () => {
		const br = compressResponse(get('gzip, br'), html(page, { 'set-cookie': 'a=1', vary: 'Cookie' }));
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('Cookie, Accept-Encoding');
		expect(br.headers.get('set-cookie')).toBe('a=1');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(bytes.length).toBeLessThan(page.length / 5);
		expect(brotliDecompressSync(bytes).toString()).toBe(page);

		const gz = compressResponse(get('gzip'), html());
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
	});

	it('keeps a stream a stream: each chunk reaches the reader before the next is written', async () => {
		let release!: () => void;
		const later = new Promise<void>((resolve) => (release = resolve));
		const body = new ReadableStream<Uint8Array>({
			async start(controller) {
				controller.enqueue(new TextEncoder().encode('seq;kind\n' + '1;pledge\n'.repeat(300)));
				await later;
				controller.enqueue(new TextEncoder().encode('2;approve\n'));
				controller.close();
			}
		});
		const response = compressResponse(get('gzip'), new Response(body, { headers: { 'content-type': 'text/csv' } }));
		const reader = response.body!.getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);
		release();
		const rest: Uint8Array[] = [first.value!];
		for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest.push(chunk.value);
		expect(gunzipSync(Buffer.concat(rest)).toString()).toBe('seq;kind\n' + '1;pledge\n'.repeat(300) + '2;approve\n');
	});

	it('leaves alone what must not or need not be compressed', async () => {
		expect(compressResponse(get(), html()).headers.get('content-encoding')).toBeNull();
		expect(compressResponse(get(), html()).headers.get('vary')).toBe('Accept-Encoding');
		expect(compressResponse(get('br', 'HEAD'), html()).headers.get('content-encoding')).toBeNull();
		expect(compressResponse(get('br'), html('tiny', { 'content-length': '4' })).headers.get('content-encoding')).toBeNull();
		const pdf = new Response(page, { headers: { 'content-type': 'application/pdf' } });
		expect(compressResponse(get('br'), pdf).headers.get('content-encoding')).toBeNull();
		const redirect = new Response(null, { status: 303, headers: { location: '/' } });
		expect(compressResponse(get('br'), redirect)).toBe(redirect);
		const already = html(page, { 'content-encoding': 'gzip' });
		expect(compressResponse(get('br'), already)).toBe(already);
	});
});
