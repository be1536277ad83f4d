// npm run soak [-- --minutes 5 --concurrency 32 --no-build]
//
// Runs the built server (`node build`, the platform's own start on a fresh demo database) for N minutes
// under mixed traffic from `concurrency` clients at once: about four reads (pages and API) for each write
// (sign-ups, follows, alerts, preferences, notifications read). Half-way through, `db:backup` copies the
// database from this other process while the writes go on. At the end it reports errors (5xx, resets),
// latency percentiles, throughput and the server's memory (RSS) after warm-up and at the end, then runs
// `ledger:verify` on the database and on the backup. Exits 1 on any 5xx or network error, on RSS growth
// over 20 % after warm-up, or if either ledger does not verify. Not part of `npm test`.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function option(name: string, fallback: number) {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
const MINUTES = option('minutes', Number(process.env.SOAK_MINUTES ?? 5));
const CONCURRENCY = option('concurrency', 32);
const PORT = option('port', Number(process.env.SOAK_PORT ?? 4391));
const ORIGIN = `http://localhost:${PORT}`;
const DURATION_MS = MINUTES * 60_000;
const WARM_UP_MS = Math.min(60_000, DURATION_MS / 5);
const PASSWORD = 'entente-demo-2026';

const dir = mkdtempSync(join(tmpdir(), 'entente-soak-'));
const databaseUrl = `file:${join(dir, 'entente.db')}`;
const env = {
	...process.env,
	PORT: String(PORT),
	ORIGIN,
	DATABASE_URL: databaseUrl,
	DATA_DIR: dir,
	SEED_DEMO: 'true',
	BODY_SIZE_LIMIT: '12M'
};

if (!process.argv.includes('--no-build')) {
	const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

function start(): Promise<ChildProcess> {
	const server = spawn('node', ['build'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
	server.stderr!.on('data', (chunk: Buffer) => serverErrors.push(chunk.toString().slice(0, 500)));
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 300_000;
		const poll = async () => {
			try {
				if ((await fetch(`${ORIGIN}/healthz`)).ok) return resolve(server);
			} catch {
				// Not listening yet.
			}
			if (server.exitCode !== null) return reject(new Error(`the server exited with ${server.exitCode}`));
			if (Date.now() > deadline) return reject(new Error('the server did not answer /healthz within 5 minutes'));
			setTimeout(poll, 500);
		};
		void poll();
	});
}

function rssMb(pid: number) {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith('VmRSS:'));
	return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

const serverErrors: string[] = [];
const form = { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };

/** A signed-in client: its session cookie, from the sign-in form as a browser sends it. */
async function signIn(email: string) {
	const response = await fetch(`${ORIGIN}/login`, {
		method: 'POST',
		headers: form,
		body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/account' }),
		redirect: 'manual'
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (response.status !== 303 || response.headers.get('location')?.startsWith('/two-factor')) throw new Error(`signing in ${email}: ${response.status}`);
	return cookie;
}

interface Sample {
	kind: string;
	ms: number;
	status: number;
	at: number;
}
const samples: Sample[] = [];
const failures = new Map<string, number>();

async function timed(kind: string, send: () => Promise<Response>) {
	const started = performance.now();
	let status = 0;
	try {
		const response = await send();
		status = response.status;
		await response.arrayBuffer();
	} catch (error) {
		const key = `${kind}: ${(error as Error).cause ?? (error as Error).message}`;
		failures.set(key, (failures.get(key) ?? 0) + 1);
	}
	samples.push({ kind, ms: performance.now() - started, status, at: Date.now() });
}

function percentile(values: number[], p: number) {
	if (!values.length) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const server = await start();
const startedAt = Date.now();
console.log(`soak: ${MINUTES} min, ${CONCURRENCY} clients, server pid ${server.pid} on ${ORIGIN}`);

const api = async (path: string) => (await (await fetch(`${ORIGIN}${path}`)).json()) as { data: { id: string }[] };
const projectIds = (await api('/api/v1/projects?limit=20')).data.map((p) => p.id);
const callIds = (await api('/api/v1/calls?limit=20')).data.map((c) => c.id);
const fundIds = (await api('/api/v1/funds?limit=20')).data.map((f) => f.id);
const people = [
	'contact@donnees-citoyennes.example',
	'contact@mobilites-douces.example',
	'fondatrice@capteurs-civiques.example',
	'partenaire@fonds-territoires.example'
];
const cookies = await Promise.all(people.map(signIn));
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

const reads: [string, () => string][] = [
	['page /', () => '/'],
	['page /projects', () => '/projects'],
	['page /projects/[id]', () => `/projects/${pick(projectIds)}`],
	['page /calls', () => '/calls'],
	['page /calls/[id]', () => `/calls/${pick(callIds)}`],
	['page /funds', () => '/funds'],
	['page /funds/[id]', () => `/funds/${pick(fundIds)}`],
	['page /organisations', () => '/organisations'],
	['api /api/v1/projects', () => '/api/v1/projects?limit=50'],
	['api /api/v1/funds/[id]/ledger', () => `/api/v1/funds/${pick(fundIds)}/ledger`]
];

let signUps = 0;
const writes: [string, (cookie: string) => Promise<Response>][] = [
	[
		'write sign-up',
		() =>
			fetch(`${ORIGIN}/signup`, {
				method: 'POST',
				headers: form,
				body: new URLSearchParams({ name: 'Endurance', email: `soak-${process.pid}-${signUps++}@soak.example`, password: 'une phrase solide pour durer' }),
				redirect: 'manual'
			})
	],
	[
		'write follow',
		(cookie) =>
			fetch(`${ORIGIN}/projects/${pick(projectIds)}?/follow`, {
				method: 'POST',
				headers: { ...form, cookie },
				body: new URLSearchParams({ following: Math.random() < 0.5 ? 'yes' : 'no' }),
				redirect: 'manual'
			})
	],
	[
		'write preferences',
		(cookie) =>
			fetch(`${ORIGIN}/account?/preferences`, {
				method: 'POST',
				headers: { ...form, cookie },
				body: new URLSearchParams({ notificationDelivery: pick(['immediate', 'daily', 'never']) }),
				redirect: 'manual'
			})
	],
	[
		'write notifications read',
		(cookie) => fetch(`${ORIGIN}/notifications?/readAll`, { method: 'POST', headers: { ...form, cookie }, body: '', redirect: 'manual' })
	]
];

const rss: { at: number; mb: number }[] = [];
const sampler = setInterval(() => rss.push({ at: Date.now() - startedAt, mb: rssMb(server.pid!) }), 5_000);

// `npm run db:backup` in a process of its own, as an operator runs it. (Taken in this process, SQLite's
// VACUUM INTO held this event loop for seconds: the clients then reused keep-alive connections the
// server had meanwhile closed, and counted resets that no visitor would see.)
let backup: { file: string; bytes: number; ms: number } | { error: string } | null = null;
let backupDone: Promise<void> = Promise.resolve();
const halfway = setTimeout(() => {
	const began = Date.now();
	backupDone = new Promise((resolve) =>
		execFile('npx', ['tsx', 'src/lib/server/cli/db-backup.ts', '--dir', join(dir, 'backups')], { env }, (error, stdout, stderr) => {
			const file = /✓ (\S+\.db)/.exec(stdout)?.[1];
			backup = error || !file ? { error: (stderr || stdout || String(error)).trim() } : { file, bytes: statSync(file).size, ms: Date.now() - began };
			resolve();
		})
	);
}, DURATION_MS / 2);

await Promise.all(
	Array.from({ length: CONCURRENCY }, async (_, client) => {
		const cookie = cookies[client % cookies.length];
		while (Date.now() - startedAt < DURATION_MS) {
			if (Math.random() < 0.2) {
				const [kind, send] = pick(writes);
				await timed(kind, () => send(cookie));
			} else {
				const [kind, path] = pick(reads);
				await timed(kind, () => fetch(`${ORIGIN}${path()}`, { headers: { accept: 'text/html', cookie } }));
			}
		}
	})
);
clearInterval(sampler);
clearTimeout(halfway);
await backupDone;
const endRss = rssMb(server.pid!);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));

const afterWarmUp = rss.filter((r) => r.at >= WARM_UP_MS);
const warmRss = afterWarmUp[0]?.mb ?? rss[0]?.mb ?? endRss;
const peakRss = Math.max(...rss.map((r) => r.mb), endRss);
const growth = (endRss - warmRss) / warmRss;
const errors = samples.filter((s) => s.status >= 500 && s.status !== 503);
const busy = samples.filter((s) => s.status === 503);
const ms = samples.map((s) => s.ms);
const byKind = [...new Set(samples.map((s) => s.kind))].sort().map((kind) => {
	const of = samples.filter((s) => s.kind === kind);
	return {
		kind,
		requests: of.length,
		p50: Math.round(
			percentile(
				of.map((s) => s.ms),
				50
			)
		),
		p99: Math.round(
			percentile(
				of.map((s) => s.ms),
				99
			)
		),
		statuses: [...new Set(of.map((s) => s.status))].sort().join(' ')
	};
});

function verify(url: string) {
	const run = spawnSync('npx', ['tsx', 'src/lib/server/cli/ledger-verify.ts'], { env: { ...env, DATABASE_URL: url }, encoding: 'utf8' });
	return { ok: run.status === 0, output: (run.stdout + run.stderr).trim().split('\n').at(-1) ?? '' };
}
const ledger = verify(databaseUrl);
const backupLedger = backup && 'file' in backup ? verify(`file:${(backup as { file: string }).file}`) : { ok: false, output: 'no backup' };

console.table(byKind);
console.log(
	[
		`requests: ${samples.length} in ${MINUTES} min (${(samples.length / (DURATION_MS / 1000)).toFixed(1)}/s), ${samples.filter((s) => s.kind.startsWith('write')).length} writes`,
		`errors: ${errors.length} 5xx, ${[...failures.values()].reduce((a, b) => a + b, 0)} network errors${failures.size ? ` ${JSON.stringify(Object.fromEntries(failures))}` : ''}; ${busy.length} answered 503 (write queue full, retry asked)`,
		`latency: p50 ${Math.round(percentile(ms, 50))} ms, p90 ${Math.round(percentile(ms, 90))} ms, p99 ${Math.round(percentile(ms, 99))} ms, max ${Math.round(Math.max(...ms))} ms`,
		`server RSS: ${warmRss.toFixed(0)} MB after warm-up (${Math.round(WARM_UP_MS / 1000)} s), ${endRss.toFixed(0)} MB at the end (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %), peak ${peakRss.toFixed(0)} MB`,
		`backup half-way: ${backup ? ('file' in backup ? `${(backup as { bytes: number }).bytes} bytes in ${(backup as { ms: number }).ms} ms` : `FAILED ${(backup as { error: string }).error}`) : 'not taken'}`,
		`ledger:verify: ${ledger.output}`,
		`ledger:verify on the backup: ${backupLedger.output}`,
		`server stderr lines: ${serverErrors.length}${serverErrors.length ? `, first: ${serverErrors[0].trim()}` : ''}`
	].join('\n')
);
rmSync(dir, { recursive: true, force: true });
const failed = errors.length > 0 || failures.size > 0 || growth > 0.2 || !ledger.ok || !backupLedger.ok;
console.log(failed ? '✗ soak: FAILED' : '✓ soak: no error, memory steady, both ledgers verify');
process.exit(failed ? 1 : 0);
