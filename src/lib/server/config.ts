// Configuration comes from environment variables only (README, "Configuration").
// `loadConfig` throws a ConfigError whose message is one sentence a person can act on.

export class ConfigError extends Error {}

export type MailMode = { kind: 'smtp'; url: string } | { kind: 'files'; dir: string };

export interface StripeSettings {
	secretKey: string;
	webhookSecret: string;
	/** Another address for Stripe's API (a local fake in tests, stripe-mock): protocol, host and port. */
	apiBase: URL | null;
}

export interface Config {
	databaseUrl: string;
	databaseAuthToken: string | undefined;
	origin: string;
	port: number;
	mail: MailMode;
	mailFrom: string;
	seedDemo: boolean;
	dataDir: string;
	uploadDir: string;
	/** Null without keys: payments are then recorded by hand. */
	stripe: StripeSettings | null;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
	if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
	throw new ConfigError(`${name} must be "true" or "false", not "${value}".`);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const databaseUrl = env.DATABASE_URL || 'file:data/entente.db';
	if (!/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(databaseUrl)) {
		throw new ConfigError(
			`DATABASE_URL must start with file:, libsql://, http(s):// or ws(s)://, not "${databaseUrl}".`
		);
	}
	const databaseAuthToken = env.DATABASE_AUTH_TOKEN || undefined;
	if (databaseUrl.startsWith('libsql://') && !databaseAuthToken) {
		throw new ConfigError('DATABASE_AUTH_TOKEN is required when DATABASE_URL is a libsql:// address.');
	}

	const portText = env.PORT || '3000';
	const port = Number(portText);
	if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
		throw new ConfigError(`PORT must be a whole number between 1 and 65535, not "${portText}".`);
	}

	const origin = env.ORIGIN || `http://localhost:${port}`;
	let parsedOrigin: URL;
	try {
		parsedOrigin = new URL(origin);
	} catch {
		throw new ConfigError(`ORIGIN must be an absolute URL such as https://entente.example.fr, not "${origin}".`);
	}
	if (!['http:', 'https:'].includes(parsedOrigin.protocol) || parsedOrigin.pathname !== '/') {
		throw new ConfigError(`ORIGIN must be an http(s) address without a path, not "${origin}".`);
	}

	const dataDir = env.DATA_DIR || 'data';
	let mail: MailMode = { kind: 'files', dir: env.MAIL_DIR || `${dataDir}/mail` };
	if (env.SMTP_URL) {
		if (!/^smtps?:\/\/[^/]+/.test(env.SMTP_URL)) {
			throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.');
		}
		mail = { kind: 'smtp', url: env.SMTP_URL };
	}

	const mailFrom = env.MAIL_FROM || 'Entente <no-reply@entente.localhost>';
	if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom)) {
		throw new ConfigError(`MAIL_FROM must be an email address such as "Entente <no-reply@example.fr>", not "${mailFrom}".`);
	}

	let stripe: StripeSettings | null = null;
	if (env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET) {
		if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
			throw new ConfigError('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together: set both, or neither to record payments by hand.');
		}
		if (!/^(sk|rk)_(test|live)_/.test(env.STRIPE_SECRET_KEY)) {
			throw new ConfigError('STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…).');
		}
		if (!env.STRIPE_WEBHOOK_SECRET.startsWith('whsec_')) {
			throw new ConfigError('STRIPE_WEBHOOK_SECRET must be the signing secret of a webhook endpoint (whsec_…).');
		}
		let apiBase: URL | null = null;
		if (env.STRIPE_API_BASE) {
			try {
				apiBase = new URL(env.STRIPE_API_BASE);
			} catch {
				throw new ConfigError(`STRIPE_API_BASE must be an address such as http://localhost:12111, not "${env.STRIPE_API_BASE}".`);
			}
		}
		stripe = { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase };
	}

	return {
		stripe,
		databaseUrl,
		databaseAuthToken,
		origin: parsedOrigin.origin,
		port,
		mail,
		mailFrom,
		seedDemo: parseBoolean('SEED_DEMO', env.SEED_DEMO, true),
		dataDir,
		uploadDir: env.UPLOAD_DIR || `${dataDir}/uploads`
	};
}

let current: Config | undefined;

/** The configuration of this process, read once. */
export function config(): Config {
	current ??= loadConfig();
	return current;
}
