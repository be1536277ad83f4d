import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercentFromEnv } from './heap';

describe('heapGrowingPercentFromEnv', () => {
	it('bounds the heap by default, or as HEAP_GROWING_PERCENT says', () => {
		expect(heapGrowingPercentFromEnv({}, [])).toBe(DEFAULT_HEAP_GROWING_PERCENT);
		expect(heapGrowingPercentFromEnv({ HEAP_GROWING_PERCENT: '80' }, [])).toBe(80);
		expect(heapGrowingPercentFromEnv({ HEAP_GROWING_PERCENT: ' ' }, [])).toBe(DEFAULT_HEAP_GROWING_PERCENT);
	});

	it('leaves V8 its own choice when told 0, and ignores what it cannot read', () => {
		expect(heapGrowingPercentFromEnv({ HEAP_GROWING_PERCENT: '0' }, [])).toBeUndefined();
		expect(heapGrowingPercentFromEnv({ HEAP_GROWING_PERCENT: 'lots' }, [])).toBe(DEFAULT_HEAP_GROWING_PERCENT);
		expect(heapGrowingPercentFromEnv({ HEAP_GROWING_PERCENT: '-5' }, [])).toBe(DEFAULT_HEAP_GROWING_PERCENT);
	});

	it('leaves alone a heap flag the operator gave node', () => {
		expect(heapGrowingPercentFromEnv({}, ['--max-old-space-size=512'])).toBeUndefined();
		expect(heapGrowingPercentFromEnv({}, ['--heap_growing_percent=30'])).toBeUndefined();
		expect(heapGrowingPercentFromEnv({ NODE_OPTIONS: '--enable-source-maps --max-heap-size=400' }, [])).toBeUndefined();
		expect(heapGrowingPercentFromEnv({ NODE_OPTIONS: '--enable-source-maps' }, ['--inspect'])).toBe(DEFAULT_HEAP_GROWING_PERCENT);
	});
});

// A program that keeps ~20 MB alive and allocates fast, with garbage that lives long enough to reach the old
// generation (as a busy server's does): its largest heap, with the flag set at run time or not.
const allocating = `
import { boundHeapGrowth } from ${JSON.stringify(new URL('./heap.js', import.meta.url).href)};
boundHeapGrowth({ HEAP_GROWING_PERCENT: process.argv[1] }, []);
const live = Array.from({ length: 300_000 }, (_, i) => ({ i, s: 'entry ' + i }));
let window = [];
let peak = 0;
for (let round = 0; round < 600; round++) {
	window.push(Array.from({ length: 20_000 }, (_, i) => ({ round, i })));
	if (window.length > 40) window = window.slice(20);
	if (round % 20 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(peak, live.length);
`;
const largestHeap = (percent: string) =>
	Number(execFileSync(process.execPath, ['--input-type=module', '-e', allocating, percent], { encoding: 'utf8' }).split(' ')[0]);

describe('boundHeapGrowth', () => {
	it('keeps the heap of a fast-allocating program well below what V8 lets it grow to on its own', () => {
		const own = largestHeap('0');
		const bounded = largestHeap(String(DEFAULT_HEAP_GROWING_PERCENT));
		expect(bounded).toBeLessThan(own * 0.85);
	}, 60_000);
});
