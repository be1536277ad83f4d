// @ts-check
import { setFlagsFromString } from 'node:v8';

// After each full collection V8 lets the heap grow to (live size × a factor) before the next one, and picks
// the factor from how fast the program allocates compared with how fast it collects: up to 4× on a machine
// with memory to spare. Serving thousands of cached pages a second allocates fast, so V8 chose the largest
// factor: about 50 MB of live objects (after a full collection) sat in a 270 MB heap, and V8 keeps the pages
// it has committed: the server's RSS was 420 MB after the benchmark (issue #18 asks ≤ 300 MB), with no leak.
// A fixed factor of 2 keeps the heap within twice what is live, at the price of more frequent (concurrent,
// mostly off-thread) full collections: measured, RSS after the bench's routes 422 → 268 MB on the demo and
// 476 → 231 MB at national scale, with the same requests per second. A factor of 1.5 went further (208 MB)
// but halved the requests per second at national scale: full collections then ran nearly back to back.
//
// It is applied at start with v8.setFlagsFromString: V8 reads `heap_growing_percent` each time it computes
// the next limit, so it takes effect from the next collection. HEAP_GROWING_PERCENT chooses it (0: V8's own
// choice); a flag given to node itself (`--heap-growing-percent`, `--max-old-space-size`, `--max-heap-size`,
// on the command line or in NODE_OPTIONS) is the operator's decision and is left alone.

/** The heap may grow to twice what is live before the next full collection. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;
const OPERATOR_FLAGS = /(^|\s)--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)\b/;

/**
 * The growing percent to set, or undefined when V8 keeps its own choice (HEAP_GROWING_PERCENT=0, or node
 * was given a heap flag). An unreadable value is not a reason to refuse to start: it falls back to the default.
 * @param {Record<string, string | undefined>} [env]
 * @param {string[]} [execArgv]
 * @returns {number | undefined}
 */
export function heapGrowingPercentFromEnv(env = process.env, execArgv = process.execArgv) {
	if (OPERATOR_FLAGS.test(`${execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`)) return undefined;
	const raw = env.HEAP_GROWING_PERCENT?.trim();
	if (!raw) return DEFAULT_HEAP_GROWING_PERCENT;
	const percent = Number(raw);
	if (!Number.isInteger(percent) || percent < 0 || percent > 1000) return DEFAULT_HEAP_GROWING_PERCENT;
	return percent === 0 ? undefined : percent;
}

/**
 * Bounds how far the heap grows between full collections (see above); returns the percent set, if any.
 * @param {Record<string, string | undefined>} [env]
 * @param {string[]} [execArgv]
 */
export function boundHeapGrowth(env = process.env, execArgv = process.execArgv) {
	const percent = heapGrowingPercentFromEnv(env, execArgv);
	if (percent !== undefined) setFlagsFromString(`--heap-growing-percent=${percent}`);
	return percent;
}
