import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { sendNosniffOnEveryResponse } from './static-headers.js';

// The adapter's static files (as sirv sends them: writeHead with its own headers) and a bare end().
class Response extends http.ServerResponse {}
// Twice: the second call must not wrap again.
sendNosniffOnEveryResponse(Response as unknown as typeof http.ServerResponse);
sendNosniffOnEveryResponse(Response as unknown as typeof http.ServerResponse);

const server = http.createServer({ ServerResponse: Response }, (request, response) => {
	if (request.url === '/_app/immutable/entry.js') {
		response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'public,max-age=31536000,immutable' });
		response.end('export {}');
	} else if (request.url === '/own') {
		response.setHeader('X-Content-Type-Options', 'nosniff');
		response.end('own');
	} else response.end('plain');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('nosniff on every response of the process', () => {
	it('reaches an immutable asset, a response ended without writeHead, and keeps a single value', async () => {
		for (const path of ['/_app/immutable/entry.js', '/plain', '/own']) {
			const response = await fetch(base + path);
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			await response.text();
		}
	});
});
