import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '$lib/server/config';

/** The ConfigError `loadConfig(env)` throws (failing the test when it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return error as ConfigError;
	}
	throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe('configuration', () => {
	it('has working defaults when nothing is set', () => {
		const config = loadConfig({});
		expect(config.databaseUrl).toBe('file:data/entente.db');
		expect(config.databaseAuthToken).toBeUndefined();
		expect(config.port).toBe(3000);
		expect(config.origin).toBe('http://localhost:3000');
		expect(config.seedDemo).toBe(true);
		expect(config.mail).toEqual({ kind: 'files', dir: 'data/mail' });
		expect(config.mailFrom).toContain('@');
	});

	it('reads the variables it is given', () => {
		const config = loadConfig({
			DATABASE_URL: 'libsql://entente.example.turso.io',
			DATABASE_AUTH_TOKEN: 'secret-token',
			PORT: '8080',
			ORIGIN: 'https://entente.example.fr',
			SMTP_URL: 'smtps://user:pass@mail.example.fr:465',
			SEED_DEMO: 'false',
			MAIL_FROM: 'Entente <bonjour@entente.example.fr>'
		});
		expect(config).toMatchObject({
			databaseUrl: 'libsql://entente.example.turso.io',
			databaseAuthToken: 'secret-token',
			port: 8080,
			origin: 'https://entente.example.fr',
			mail: { kind: 'smtp', url: 'smtps://user:pass@mail.example.fr:465' },
			seedDemo: false,
			mailFrom: 'Entente <bonjour@entente.example.fr>'
		});
		expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
		expect(loadConfig({ SEED_DEMO: 'YES' }).seedDemo).toBe(true);
		expect(loadConfig({ PORT: '4000' }).origin).toBe('http://localhost:4000');
	});

	it('derives the database and the origin the adapter checks forms against from DATA_DIR, HOST and PORT', () => {
		expect(loadConfig({ DATA_DIR: '/srv/entente' })).toMatchObject({
			databaseUrl: 'file:/srv/entente/entente.db',
			uploadDir: '/srv/entente/uploads',
			mail: { kind: 'files', dir: '/srv/entente/mail' }
		});
		expect(loadConfig({})).toMatchObject({ host: '0.0.0.0', origin: 'http://localhost:3000', originIsDefault: true, bodySizeLimit: '12M' });
		expect(loadConfig({ HOST: '127.0.0.1', PORT: '4000' })).toMatchObject({ host: '127.0.0.1', origin: 'http://127.0.0.1:4000' });
		expect(loadConfig({ HOST: '::1' })).toMatchObject({ host: '::1', origin: 'http://[::1]:3000' });
		expect(loadConfig({ HOST: '::' }).origin).toBe('http://localhost:3000');
		expect(loadConfig({ HOST: '127.0.0.1', ORIGIN: 'https://entente.example.fr' })).toMatchObject({
			origin: 'https://entente.example.fr',
			originIsDefault: false
		});
	});

	it.each([
		['HOST', 'local host'],
		['HOST', 'evil.example/path'],
		['BODY_SIZE_LIMIT', 'lots'],
		['PORT', 'abc'],
		['PORT', '0'],
		['PORT', '70000'],
		['PORT', '30.5'],
		['DATABASE_URL', 'postgres://db.example/entente'],
		['DATABASE_URL', 'data/entente.db'],
		['SMTP_URL', 'mail.example.fr:587'],
		['SMTP_URL', 'http://mail.example.fr'],
		['SEED_DEMO', 'maybe'],
		['ORIGIN', 'not a url'],
		['ORIGIN', 'ftp://entente.example.fr'],
		['ORIGIN', 'https://entente.example.fr/app'],
		['MAIL_FROM', 'not an address']
	])('refuses %s=%j with a message naming the variable', (name, value) => {
		const error = configError({ [name]: value });
		expect(error.message).toContain(name);
		// One sentence a person can act on.
		expect(error.message.trim()).toMatch(/\.$/);
		expect(error.message).not.toContain('\n');
	});

	it('requires an auth token for a libsql:// database', () => {
		const error = configError({ DATABASE_URL: 'libsql://entente.example.turso.io' });
		expect(error.message).toContain('DATABASE_AUTH_TOKEN');
		expect(() => loadConfig({ DATABASE_URL: 'libsql://x.turso.io', DATABASE_AUTH_TOKEN: 't' })).not.toThrow();
	});

	it('reads Stripe keys as a pair, or records payments by hand without them', () => {
		expect(loadConfig({}).stripe).toBeNull();
		const stripe = loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc', STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripe;
		expect(stripe).toMatchObject({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc' });
		expect(stripe!.apiBase!.port).toBe('12111');
		expect(configError({ STRIPE_SECRET_KEY: 'sk_test_abc' }).message).toContain('STRIPE_WEBHOOK_SECRET');
		expect(configError({ STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }).message).toContain('STRIPE_SECRET_KEY');
		expect(configError({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'abc' }).message).toContain('STRIPE_WEBHOOK_SECRET');
	});
});
