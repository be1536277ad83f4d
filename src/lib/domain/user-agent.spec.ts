import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
	it('names the browser and the system', () => {
		expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual({
			browser: 'Firefox',
			system: 'Windows'
		});
		expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15')).toEqual({
			browser: 'Safari',
			system: 'macOS'
		});
		expect(
			describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0')
		).toEqual({ browser: 'Edge', system: 'Windows' });
		expect(describeUserAgent('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toEqual({
			browser: 'Chrome',
			system: 'Android'
		});
	});

	it('gives up on what it cannot read', () => {
		expect(describeUserAgent(null)).toBeNull();
		expect(describeUserAgent('curl/8.5.0')).toBeNull();
	});
});
