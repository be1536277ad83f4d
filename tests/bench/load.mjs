// A small HTTP load generator (what wrk does, in Node, so the bench needs nothing but the project):
// `connections` keep-alive connections each send one request after the other for `seconds`.
import http from 'node:http';

/**
 * `outcome`, when given, names what each answer was (from its status and body) where the status alone
 * does not say: an enhanced form's refusal comes back 200 with `"type":"failure"`.
 * `honourRetryAfter`: after a 503 with `Retry-After`, the connection waits that long before its next
 * request, as a browser's user told to try again in a moment, or a well-behaved API client, does.
 * @param {{ url: string, connections?: number, seconds?: number, headers?: Record<string, string>,
 *   method?: string, body?: (i: number) => string | undefined,
 *   outcome?: (status: number | undefined, body: string) => string, honourRetryAfter?: boolean }} options
 */
export async function load({ url, connections = 32, seconds = 5, headers = {}, method = 'GET', body, outcome, honourRetryAfter = false }) {
	const target = new URL(url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
	const latencies = [];
	/** Latencies by outcome (status, or what `outcome` named). */
	const latenciesOf = new Map();
	const statuses = new Map();
	let bytes = 0;
	let queries = null;
	/** What the render cache said (`x-render-cache`, sent when BENCH=1): hit, miss, or none (not cacheable). */
	const cache = {};
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
						const latency = performance.now() - t0;
						latencies.push(latency);
						const key = outcome ? outcome(response.statusCode, text) : response.statusCode;
						statuses.set(key, (statuses.get(key) ?? 0) + 1);
						if (!latenciesOf.has(key)) latenciesOf.set(key, []);
						latenciesOf.get(key).push(latency);
						bytes = size;
						if (response.headers['x-queries'] !== undefined) queries = Number(response.headers['x-queries']);
						const state = response.headers['x-render-cache'] ?? 'none';
						cache[state] = (cache[state] ?? 0) + 1;
						const retryAfter = Number(response.headers['retry-after']);
						resolve(honourRetryAfter && response.statusCode === 503 && retryAfter > 0 ? retryAfter * 1000 : 0);
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
		while (performance.now() < deadline) {
			const pause = await one(sent++);
			if (pause) await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, deadline - performance.now()))));
		}
	};
	await Promise.all(Array.from({ length: connections }, worker));
	const elapsed = (performance.now() - started) / 1000;
	agent.destroy();
	const at = (q, list = latencies) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? NaN;
	latencies.sort((a, b) => a - b);
	const byOutcome = {};
	for (const [key, list] of latenciesOf) {
		list.sort((a, b) => a - b);
		byOutcome[key] = { count: list.length, p50: at(0.5, list), p99: at(0.99, list), max: list.at(-1) };
	}
	return {
		byOutcome,
		requests: latencies.length,
		perSecond: latencies.length / elapsed,
		p50: at(0.5),
		p99: at(0.99),
		max: latencies.at(-1) ?? NaN,
		statuses: Object.fromEntries(statuses),
		bytes,
		queries,
		cache
	};
}
