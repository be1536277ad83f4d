// Headers for the responses SvelteKit's hooks never see: the Node adapter serves the built assets
// (/_app/immutable/*, the favicon, robots.txt) itself, before the app's handle runs.
import http from 'node:http';

/**
 * @typedef {object} BaseHeaders
 * @property {boolean} [hsts] Strict-Transport-Security too (the site is served over HTTPS).
 * @property {number} [keepAliveHintSeconds] The idle time announced to clients (`Keep-Alive: timeout=N`)
 *   when the server actually keeps idle connections longer: see `sendBaseHeadersOnEveryResponse`.
 */

/**
 * Every response of this process carries `X-Content-Type-Options: nosniff` and a Referrer-Policy
 * (a stylesheet's own requests follow the policy of the stylesheet's response), and HSTS over HTTPS,
 * unless it set its own: a browser never runs an asset as another type than the one it was served as.
 * Node sends the headers through `writeHead` (also when a response ends without calling it), so
 * wrapping it once covers the adapter's static files as well as the app's pages.
 *
 * With `keepAliveHintSeconds`, a response that keeps its connection open announces that many seconds
 * of idle time, fewer than the server really waits: a client reuses an idle connection until shortly
 * before the announced time, and one that lags (a busy event loop, a loaded machine) would otherwise
 * send its next request on a connection the server is closing, and get ECONNRESET.
 * @param {BaseHeaders} [options]
 * @param {typeof http.ServerResponse} [Response]
 */
export function sendBaseHeadersOnEveryResponse(options = {}, Response = http.ServerResponse) {
	const writeHead = Response.prototype.writeHead;
	if (/** @type {{ baseHeaders?: boolean }} */ (writeHead).baseHeaders) return;
	/** @type {typeof writeHead & { baseHeaders?: boolean }} */
	const wrapped = /** @this {http.ServerResponse} */ function (/** @type {any[]} */ ...args) {
		if (!this.headersSent) {
			const set = (/** @type {string} */ name, /** @type {string} */ value) => {
				if (!this.hasHeader(name)) this.setHeader(name, value);
			};
			set('X-Content-Type-Options', 'nosniff');
			set('Referrer-Policy', 'strict-origin-when-cross-origin');
			if (options.hsts) set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
			// Node announces its own timeout unless the response names one (and then adds no other).
			if (options.keepAliveHintSeconds && /** @type {{ shouldKeepAlive?: boolean }} */ (this).shouldKeepAlive)
				set('Keep-Alive', `timeout=${options.keepAliveHintSeconds}`);
		}
		return writeHead.apply(this, /** @type {any} */ (args));
	};
	wrapped.baseHeaders = true;
	Response.prototype.writeHead = wrapped;
}
