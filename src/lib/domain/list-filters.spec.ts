import { describe, expect, it } from 'vitest';
import { ignoredFilters } from './list-filters';

describe('ignored list filters', () => {
	const url = (query: string) => new URL(`http://x/calls?${query}`);

	it('names each given filter the list made nothing of', () => {
		expect(ignoredFilters(url('status=bogus&theme=mobility&region=99'), { status: undefined, theme: 'mobility', region: undefined })).toEqual([
			{ name: 'status', value: 'bogus' },
			{ name: 'region', value: '99' }
		]);
	});

	it('says nothing of absent or empty filters, nor of parameters it was not asked about', () => {
		expect(ignoredFilters(url('status=&theme=%20&page=3&q=air'), { status: undefined, theme: undefined })).toEqual([]);
	});

	it('repeats a long value only in part', () => {
		expect(ignoredFilters(url(`theme=${'x'.repeat(500)}`), { theme: undefined })[0].value).toHaveLength(40);
	});
});
