// The entry of `npm start`: SvelteKit's Node adapter, given the configuration the app computes.
//
// The adapter reads ORIGIN, HOST, PORT and BODY_SIZE_LIMIT from the environment when its module loads,
// and without ORIGIN it takes the origin of each request to be https://<Host>, so every form posted from
// http://localhost:3000 failed Kit's cross-site check. Here the configuration is read once, by the same
// `loadConfig` the app uses, and handed to the adapter before it loads: forms work at the address printed
// below, and Kit's CSRF check stays on, against exactly that origin (set ORIGIN in production).
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './src/lib/server/config.js';
import { sendBaseHeadersOnEveryResponse } from './src/lib/server/http/static-headers.js';

/** @type {import('./src/lib/server/config.js').Config} */
let settings;
try {
	settings = loadConfig();
} catch (error) {
	if (!(error instanceof ConfigError)) throw error;
	console.error(`Entente cannot start: ${error.message}`);
	process.exit(1);
}
if (!existsSync(new URL('./build/index.js', import.meta.url))) {
	console.error('Entente cannot start: there is no build; run `npm start` (which builds first) or `npm run build`.');
	process.exit(1);
}

if (startCluster(settings)) await new Promise(() => {});

process.env.ORIGIN = settings.origin;
process.env.HOST = settings.host;
process.env.PORT = String(settings.port);
process.env.BODY_SIZE_LIMIT = settings.bodySizeLimit;

// An idle connection stays open 65 s (longer than the 60 s a proxy in front commonly keeps its own)
// while clients are told 5 s: one that reuses it late, its event loop busy, still finds it open.
// Set KEEP_ALIVE_TIMEOUT (seconds) to choose another; clients are then told that value.
const keepAliveHintSeconds = process.env.KEEP_ALIVE_TIMEOUT ? undefined : 5;
process.env.KEEP_ALIVE_TIMEOUT ||= '65';

sendBaseHeadersOnEveryResponse({ hsts: settings.origin.startsWith('https:'), keepAliveHintSeconds });

// Loading the build migrates, seeds and starts listening before the import resolves.
await import('./build/index.js');

// After the adapter's own "Listening on" line, which names the interface rather than the address to open.
setImmediate(() => {
	const note = settings.originIsDefault ? '\n(Forms are accepted from this address; to serve the site under another one, set ORIGIN.)' : '';
	console.log(`\nEntente is ready: open ${settings.origin}/${note}\n`);
});

/**
 * `node server.js --cluster N`: N app processes sharing the port (node:cluster), all on one libSQL server
 * (the embedded file is one process's: refused). The first process migrates and seeds; the others start
 * once it listens. A process that stops is replaced. Returns true in the primary, which serves nothing.
 * @param {import('./src/lib/server/config.js').Config} settings
 */
function startCluster(settings) {
	const at = process.argv.indexOf('--cluster');
	if (at === -1) return false;
	// A worker's channel to the primary keeps it alive: once the adapter has closed the server on SIGTERM,
	// let it go, so the process ends (and the primary starts another).
	if (cluster.isWorker) {
		process.once('sveltekit:shutdown', () => cluster.worker?.disconnect());
		return false;
	}
	const count = Number(process.argv[at + 1]);
	if (!Number.isInteger(count) || count < 1 || count > 64) {
		console.error('Entente cannot start: --cluster takes the number of app processes, from 1 to 64 (for example --cluster 2).');
		process.exit(1);
	}
	if (settings.databaseUrl.startsWith('file:')) {
		console.error(
			`Entente cannot start: --cluster runs several processes on one libSQL server, but DATABASE_URL is the embedded file ${settings.databaseUrl}, which only one process may use. Start sqld and set DATABASE_URL to its address (README, "Several app processes on a libSQL server").`
		);
		process.exit(1);
	}
	const first = cluster.fork();
	first.once('listening', () => {
		for (let i = 1; i < count; i++) cluster.fork();
		console.log(`Entente: ${count} app processes on ${settings.databaseUrl}; open ${settings.origin}/`);
	});
	cluster.on('exit', (worker, code, signal) => {
		console.error(`Entente: app process ${worker.process.pid} stopped (${signal ?? code}); starting another in a second.`);
		setTimeout(() => cluster.fork(), 1000);
	});
	return true;
}
