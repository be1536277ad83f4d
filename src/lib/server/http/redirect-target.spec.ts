import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { safeRedirectTarget, sameOriginPath } from './redirect-target';

describe('redirect target', () => {
	it('keeps a path of this site, with its query and fragment', () => {
		expect(safeRedirectTarget('/funds/abc?tab=ledger#top')).toBe('/funds/abc?tab=ledger#top');
		expect(safeRedirectTarget('/calls/x/../y')).toBe('/calls/y');
		expect(safeRedirectTarget(null)).toBe('/');
	});

	it('sends anything that leaves the site home', () => {
		for (const target of [
			'https://evil.example/',
			'//evil.example/',
			'/\\evil.example/',
			'\\\\evil.example',
			'/.//evil.example/',
			'/%2e//evil.example/',
			'javascript:alert(1)',
			'evil.example',
			'https:/evil.example'
		]) {
			expect(sameOriginPath(target), target).toBeNull();
			expect(safeRedirectTarget(target), target).toBe('/');
		}
	});

	it('refuses control characters with 400: a tab, a line break or NUL never reach a Location header', () => {
		for (const target of ['/\t/evil.example/', '/\n/evil.example/', '/a\r\nSet-Cookie: x=1', '/\u0000']) {
			let caught: unknown;
			try {
				safeRedirectTarget(target);
			} catch (e) {
				caught = e;
			}
			expect(isHttpError(caught, 400), JSON.stringify(target)).toBe(true);
		}
	});
});
