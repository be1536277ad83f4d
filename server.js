// The entry of `npm start`: SvelteKit's Node adapter, given the configuration the app computes.
//
// The adapter reads ORIGIN, HOST, PORT and BODY_SIZE_LIMIT from the environment when its module loads,
// and without ORIGIN it takes the origin of each request to be https://<Host>, so every form posted from
// http://localhost:3000 failed Kit's cross-site check. Here the configuration is read once, by the same
// `loadConfig` the app uses, and handed to the adapter before it loads: forms work at the address printed
// below, and Kit's CSRF check stays on, against exactly that origin (set ORIGIN in production).
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './src/lib/server/config.js';
import { sendNosniffOnEveryResponse } from './src/lib/server/http/static-headers.js';

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

process.env.ORIGIN = settings.origin;
process.env.HOST = settings.host;
process.env.PORT = String(settings.port);
process.env.BODY_SIZE_LIMIT = settings.bodySizeLimit;

sendNosniffOnEveryResponse();

// Loading the build migrates, seeds and starts listening before the import resolves.
await import('./build/index.js');

// After the adapter's own "Listening on" line, which names the interface rather than the address to open.
setImmediate(() => {
	const note = settings.originIsDefault ? '\n(Forms are accepted from this address; to serve the site under another one, set ORIGIN.)' : '';
	console.log(`\nEntente is ready: open ${settings.origin}/${note}\n`);
});
