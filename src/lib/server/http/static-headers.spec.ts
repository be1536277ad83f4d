import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { sendBaseHeadersOnEveryResponse } from './static-headers.js';

// The adapter's static files (as sirv sends them: writeHead with its own headers) and a bare end().
class Response extends http.ServerResponse {}
// Twice: the second call must not wrap again.
sendBaseHeadersOnEveryResponse({ hsts: true, keepAliveHintSeconds: 1 }, Response as unknown as typeof http.ServerResponse);
sendBaseHeadersOnEveryResponse({ hsts: true, keepAliveHintSeconds: 1 }, Response as unknown as typeof http.ServerResponse);

const server = http.createServer({ ServerResponse: Response }, (request, response) => {
	if (request.url === '/_app/immutable/entry.js') {
		response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'public,max-age=31536000,immutable' });
		response.end('export {}');
	} else if (request.url === '/own') {
		response.setHeader('X-Content-Type-Options', 'nosniff');
		response.setHeader('Referrer-Policy', 'no-referrer');
		response.end('own');
	} else response.end('plain');
});
// The server keeps an idle connection 3 s; it tells clients 1 s.
server.keepAliveTimeout = 3000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('headers on every response of the process', () => {
	it('reaches an immutable asset and a response ended without writeHead, and keeps a response’s own values', async () => {
		for (const path of ['/_app/immutable/entry.js', '/plain', '/own']) {
			const response = await fetch(base + path);
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('referrer-policy'), path).toBe(path === '/own' ? 'no-referrer' : 'strict-origin-when-cross-origin');
			expect(response.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
			await response.text();
		}
	});

	it('announces a shorter idle time than it keeps: a client reusing the connection after the announced time is still served', async () => {
		const socket = net.connect(port, '127.0.0.1');
		let received = '';
		socket.on('data', (chunk) => (received += chunk.toString()));
		const request = 'GET /plain HTTP/1.1\r\nHost: localhost\r\n\r\n';
		const answered = async (count: number) => {
			while ((received.match(/\r\n\r\nplain/g) ?? []).length < count) {
				if (socket.destroyed) throw new Error(`the connection was closed: ${received}`);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		};
		socket.write(request);
		await answered(1);
		expect(received).toMatch(/^Keep-Alive: timeout=1$/im);
		// Twice the announced time idle: a lagging client's reuse.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		socket.write(request);
		await answered(2);
		socket.destroy();
	});
});
