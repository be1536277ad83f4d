// A small HTTP load generator (what wrk does, in Node, so the bench needs nothing but the project):
// `connections` keep-alive connections each send one request after the other for `seconds`.
import http from 'node:http';

/**
 * `outcome`, when given, names what each answer was (from its status and body) where the status alone
 * does not say: an enhanced form's refusal comes back 200 with `"type":"failure"`.
 * @param {{ url: string, connections?: number, seconds?: number, headers?: Record<string, string>,
 *   method?: string, body?: (i: number) => string | undefined,
 *   outcome?: (status: number | undefined, body: string) => string }} options
 */
export async function load({ url, connections = 32, seconds = 5, headers = {}, method = 'GET', body, outcome }) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
	const latencies = [];
	const statuses = new Map();
	let bytes = 0;
	let queries = null;
	let sent = 0;
	const started = performance.now();
	const deadline = started + seconds * 1000;

	const one = (i) =>
		new Promise((resolve) => {
			const payload = body?.(i);
			const t0 = performance.now();
			const request = http.request(
				{
					host: target.hostname,
					port: target.port,
					path: target.pathname + target.search,
					method,
					agent,
					headers: payload ? { ...headers, 'content-length': Buffer.byteLength(payload) } : headers
				},
				(response) => {
					let size = 0;
					let text = '';
					response.on('data', (chunk) => {
						size += chunk.length;
						if (outcome) text += chunk;
					});
					response.on('end', () => {
						latencies.push(performance.now() - t0);
						const key = outcome ? outcome(response.statusCode, text) : response.statusCode;
						statuses.set(key, (statuses.get(key) ?? 0) + 1);
						bytes = size;
						if (response.headers['x-queries'] !== undefined) queries = Number(response.headers['x-queries']);
						resolve();
					});
				}
			);
			request.on('error', () => {
				statuses.set('error', (statuses.get('error') ?? 0) + 1);
				resolve();
			});
			if (payload) request.write(payload);
			request.end();
		});

	const worker = async () => {
		while (performance.now() < deadline) await one(sent++);
	};
	await Promise.all(Array.from({ length: connections }, worker));
	const elapsed = (performance.now() - started) / 1000;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
	return {
		requests: latencies.length,
		perSecond: latencies.length / elapsed,
		p50: at(0.5),
		p99: at(0.99),
		max: latencies.at(-1) ?? NaN,
		statuses: Object.fromEntries(statuses),
		bytes,
		queries
	};
}
