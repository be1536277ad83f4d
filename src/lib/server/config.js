// @ts-check
// Configuration comes from environment variables only (README, "Configuration").
// `loadConfig` throws a ConfigError whose message is one sentence a person can act on.
//
// Plain JavaScript (typed with JSDoc, checked by svelte-check) so that `server.js`, the entry of
// `npm start`, reads the very same configuration before SvelteKit's Node adapter starts: the origin the
// app puts in emailed links is the origin the adapter checks forms against.

export class ConfigError extends Error {}

/** @typedef {{ kind: 'smtp'; url: string } | { kind: 'files'; dir: string }} MailMode */

/**
 * @typedef {object} StripeSettings
 * @property {string} secretKey
 * @property {string} webhookSecret
 * @property {URL | null} apiBase Another address for Stripe's API (a local fake in tests, stripe-mock): protocol, host and port.
 */

/**
 * @typedef {object} Config
 * @property {string} databaseUrl
 * @property {string | undefined} databaseAuthToken
 * @property {string} origin The public address of the site: emailed links, and the origin forms must come from.
 * @property {boolean} originIsDefault True when ORIGIN was not set and the origin was derived from HOST and PORT.
 * @property {string} host The address the server listens on.
 * @property {number} port
 * @property {string} bodySizeLimit The largest request body accepted (SvelteKit's Node adapter's BODY_SIZE_LIMIT).
 * @property {MailMode} mail
 * @property {string} mailFrom
 * @property {boolean} seedDemo
 * @property {string} dataDir
 * @property {string} uploadDir
 * @property {StripeSettings | null} stripe Null without keys: payments are then recorded by hand.
 */

/**
 * @param {string} name
 * @param {string | undefined} value
 * @param {boolean} fallback
 */
function parseBoolean(name, value, fallback) {
	if (value === undefined || value === '') return fallback;
	if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
	if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
	throw new ConfigError(`${name} must be "true" or "false", not "${value}".`);
}

/** Addresses that mean "every interface": the site is then opened as localhost. */
const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

/**
 * @param {Record<string, string | undefined>} [env]
 * @returns {Config}
 */
export function loadConfig(env = process.env) {
	const dataDir = env.DATA_DIR || 'data';
	const databaseUrl = env.DATABASE_URL || `file:${dataDir}/entente.db`;
	if (!/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(databaseUrl)) {
		throw new ConfigError(`DATABASE_URL must start with file:, libsql://, http(s):// or ws(s)://, not "${databaseUrl}".`);
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

	const host = env.HOST || '0.0.0.0';
	// A host name, an IPv4 address or an IPv6 address (bare or in brackets); nothing that would need escaping.
	if (host.length > 253 || !/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9.-]+)$/.test(host)) {
		throw new ConfigError(`HOST must be an address to listen on, such as 0.0.0.0 or 127.0.0.1, not "${host}".`);
	}
	// Without ORIGIN, the site is where a browser on this machine reaches it: localhost when the server
	// listens on every interface, otherwise the address it listens on.
	const bareHost = host.replace(/^\[|\]$/g, '');
	const browserHost = WILDCARD_HOSTS.includes(host) ? 'localhost' : bareHost.includes(':') ? `[${bareHost}]` : bareHost;
	const originIsDefault = !env.ORIGIN;
	const origin = env.ORIGIN || `http://${browserHost}:${port}`;
	/** @type {URL} */
	let parsedOrigin;
	try {
		parsedOrigin = new URL(origin);
	} catch {
		throw new ConfigError(`ORIGIN must be an absolute URL such as https://entente.example.fr, not "${origin}".`);
	}
	if (!['http:', 'https:'].includes(parsedOrigin.protocol) || parsedOrigin.pathname !== '/') {
		throw new ConfigError(`ORIGIN must be an http(s) address without a path, not "${origin}".`);
	}

	// Attachments may be 10 MB; a form is refused beyond this, before anything reads it.
	const bodySizeLimit = env.BODY_SIZE_LIMIT || '12M';
	if (!/^\d{1,12}[KMG]?$/i.test(bodySizeLimit)) {
		throw new ConfigError(`BODY_SIZE_LIMIT must be a size such as 512K or 12M, not "${bodySizeLimit}".`);
	}

	/** @type {MailMode} */
	let mail = { kind: 'files', dir: env.MAIL_DIR || `${dataDir}/mail` };
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

	/** @type {StripeSettings | null} */
	let stripe = null;
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
		/** @type {URL | null} */
		let apiBase = null;
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
		originIsDefault,
		host: bareHost,
		port,
		bodySizeLimit,
		mail,
		mailFrom,
		seedDemo: parseBoolean('SEED_DEMO', env.SEED_DEMO, true),
		dataDir,
		uploadDir: env.UPLOAD_DIR || `${dataDir}/uploads`
	};
}

/** @type {Config | undefined} */
let current;

/** The configuration of this process, read once. */
export function config() {
	current ??= loadConfig();
	return current;
}
