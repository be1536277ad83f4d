// Headers for the responses SvelteKit's hooks never see: the Node adapter serves the built assets
// (/_app/immutable/*, the favicon, robots.txt) itself, before the app's handle runs.
import http from 'node:http';

/**
 * Every response of this process carries `X-Content-Type-Options: nosniff`, unless it set its own:
 * a browser then never runs an asset as another type than the one it was served as. Node sends the
 * headers through `writeHead` (also when a response ends without calling it), so wrapping it once
 * covers the adapter's static files as well as the app's pages.
 * @param {typeof http.ServerResponse} Response
 */
export function sendNosniffOnEveryResponse(Response = http.ServerResponse) {
	const writeHead = Response.prototype.writeHead;
	if (/** @type {{ nosniff?: boolean }} */ (writeHead).nosniff) return;
	/** @type {typeof writeHead & { nosniff?: boolean }} */
	const wrapped = /** @this {http.ServerResponse} */ function (/** @type {any[]} */ ...args) {
		if (!this.headersSent && !this.hasHeader('x-content-type-options')) this.setHeader('X-Content-Type-Options', 'nosniff');
		return writeHead.apply(this, /** @type {any} */ (args));
	};
	wrapped.nosniff = true;
	Response.prototype.writeHead = wrapped;
}
