import { describe, expect, it } from 'vitest';

// config() reads the environment once, on first use: set the public address before.
process.env.ORIGIN = 'https://entente.example.fr';
const { cachingAndTransportHeaders } = await import('./security-headers');

const signedIn = { locals: { user: { id: 'u1' } } } as unknown as Parameters<typeof cachingAndTransportHeaders>[0];
const anonymous = { locals: { user: null } } as unknown as Parameters<typeof cachingAndTransportHeaders>[0];

describe('caching and transport headers', () => {
	it('HSTS on every response when the site is served over https', () => {
		const headers = new Headers();
		cachingAndTransportHeaders(anonymous, headers);
		expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		expect(headers.get('cache-control')).toBeNull();
	});

	it('what a signed-in person sees is never stored, even where the route allowed caching', () => {
		const headers = new Headers({ 'cache-control': 'public, max-age=30' });
		cachingAndTransportHeaders(signedIn, headers);
		expect(headers.get('cache-control')).toBe('private, no-store');
	});
});
