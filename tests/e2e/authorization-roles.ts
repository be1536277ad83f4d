// The people of the authorization matrix, on a server of their own: the built app (`node server.js`)
// on a fresh demo database, so that a database fingerprint means something (the suite's shared server
// is written by the other test files meanwhile). The demo has most roles; the others are made through
// the forms people use: a confirmed account without organisation, an account not yet confirmed, a
// plain member of Béthune and of Nevers (invited, then accepting), and a member Béthune removed after
// they signed in. Requests are plain `fetch` calls with the session cookie: no browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, PLATFORM_ADMIN, totpCodeFor } from './support';

export const ROLES = [
	'anonymous',
	'no organisation',
	'unconfirmed account',
	'member',
	'signatory',
	'admin',
	'member elsewhere',
	'signatory elsewhere',
	'admin elsewhere',
	'startup',
	'removed member',
	'platform admin'
] as const;
export type Role = (typeof ROLES)[number];

export interface RolesServer {
	origin: string;
	cookies: Record<Role, string>;
	database: Client;
	stop: () => Promise<void>;
}

const PASSWORD = 'une phrase de passe pour la matrice';

/** Starts the built app on `port` with a fresh demo database; resolves once /healthz answers. */
async function startServer(port: number, dir: string): Promise<ChildProcess> {
	const origin = `http://localhost:${port}`;
	const answering = await fetch(`${origin}/healthz`).then(
		() => true,
		() => false
	);
	if (answering) throw new Error(`port ${port} is taken (a server left over from an interrupted run?): the matrix needs its own server`);
	const server = spawn('node', ['server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: origin,
			DATABASE_URL: `file:${join(dir, 'entente.db')}`,
			DATA_DIR: dir,
			MAIL_DIR: join(dir, 'mail'),
			SEED_DEMO: 'true'
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	// Never left running when the test process ends early (a timeout, an interruption).
	process.once('exit', () => server.kill('SIGKILL'));
	let stderr = '';
	server.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	const deadline = Date.now() + 120_000;
	for (;;) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return server;
		} catch {
			// Not listening yet.
		}
		if (server.exitCode !== null) throw new Error(`the matrix's server exited with ${server.exitCode}: ${stderr}`);
		if (Date.now() > deadline) throw new Error(`the matrix's server did not answer /healthz within 2 minutes: ${stderr}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The first link to `pathPrefix` in the newest email to `to` (the outbox worker writes .eml files). */
async function linkFromMail(dir: string, to: string, pathPrefix: string) {
	const pattern = new RegExp(`https?://[^\\s"<>]+${pathPrefix}[^\\s"<>]*`);
	const deadline = Date.now() + 20_000;
	for (;;) {
		let files: string[] = [];
		try {
			files = readdirSync(join(dir, 'mail')).filter((f) => f.endsWith('.eml'));
		} catch {
			// Not created yet.
		}
		for (const file of files.sort().reverse()) {
			const raw = readFileSync(join(dir, 'mail', file), 'utf8')
				.replace(/=\r?\n/g, '')
				.replace(/=3D/gi, '=');
			if (!new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi').test(raw)) continue;
			const found = pattern.exec(raw);
			if (found) return new URL(found[0]).pathname;
		}
		if (Date.now() > deadline) throw new Error(`no email to ${to} with a ${pathPrefix} link`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function cookiesOf(response: Response, previous = '') {
	const jar = new Map(previous ? previous.split('; ').map((c) => c.split('=', 2) as [string, string]) : []);
	for (const line of response.headers.getSetCookie()) {
		const [pair] = line.split(';');
		const at = pair.indexOf('=');
		jar.set(pair.slice(0, at), pair.slice(at + 1));
	}
	return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

export async function startRolesServer(port: number): Promise<RolesServer> {
	const dir = mkdtempSync(join(tmpdir(), 'entente-matrix-'));
	const server = await startServer(port, dir);
	const origin = `http://localhost:${port}`;
	const form = { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
	const post = async (path: string, fields: Record<string, string>, cookie = '') => {
		const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { ...form, cookie }, body: new URLSearchParams(fields), redirect: 'manual' });
		await response.arrayBuffer();
		return response;
	};

	const signIn = async (email: string, password = DEMO_PASSWORD) => {
		const response = await post('/login', { email, password, redirectTo: '/account' });
		if (response.status !== 303) throw new Error(`signing in ${email}: ${response.status}`);
		const cookie = cookiesOf(response);
		if (!response.headers.get('location')?.startsWith('/two-factor')) return cookie;
		// The demo's signatories and administrator pass the second factor with the documented secret.
		for (const offset of [0, 1, 2]) {
			const answer = await post('/two-factor?/code', { code: totpCodeFor(DEMO_TOTP_SECRET, offset), redirectTo: '/account' }, cookie);
			if (answer.status === 303) return cookiesOf(answer, cookie);
		}
		throw new Error(`the second factor of ${email} was refused`);
	};
	const signUp = async (email: string) => {
		const response = await post('/signup', { name: 'Personne de la matrice', email, password: PASSWORD });
		if (response.status !== 200) throw new Error(`signing up ${email}: ${response.status}`);
	};
	/** Signed up and confirmed through the emailed link (which signs in). */
	const confirmed = async (email: string) => {
		await signUp(email);
		const link = await linkFromMail(dir, email, '/verify-email/');
		const response = await post(link, { password: PASSWORD });
		if (response.status !== 303) throw new Error(`confirming ${email}: ${response.status}`);
		return cookiesOf(response);
	};
	/** Invited by the organisation's admin as a plain member, confirmed, and accepting. */
	const invitedMember = async (adminCookie: string, slug: string, email: string) => {
		const invited = await post(`/organisations/${slug}/members?/invite`, { email, role: 'member' }, adminCookie);
		if (invited.status !== 200) throw new Error(`inviting ${email} into ${slug}: ${invited.status}`);
		const cookie = await confirmed(email);
		const accepted = await post(await linkFromMail(dir, email, '/invitations/'), {}, cookie);
		if (accepted.status !== 303) throw new Error(`${email} accepting the invitation: ${accepted.status}`);
		return cookie;
	};

	const [signatory, admin, signatoryElsewhere, adminElsewhere, startup, platformAdmin] = await Promise.all(
		['elu@bethune.example', 'agent@bethune.example', 'elu@nevers.example', 'agent@nevers.example', 'fondatrice@capteurs-civiques.example', PLATFORM_ADMIN].map(
			(email) => signIn(email)
		)
	);
	const [noOrganisation, member, memberElsewhere, removed] = await Promise.all([
		confirmed('sans-organisation@matrice.example'),
		invitedMember(admin, 'bethune', 'membre@matrice.example'),
		invitedMember(adminElsewhere, 'nevers', 'membre-nevers@matrice.example'),
		invitedMember(admin, 'bethune', 'retire@matrice.example')
	]);
	await signUp('non-confirme@matrice.example');
	const unconfirmed = await signIn('non-confirme@matrice.example', PASSWORD);

	const database = createClient({ url: `file:${join(dir, 'entente.db')}` });
	const removedId = String((await database.execute("SELECT id FROM users WHERE email = 'retire@matrice.example'")).rows[0].id);
	const removal = await post('/organisations/bethune/members?/remove', { userId: removedId }, admin);
	if (removal.status !== 200) throw new Error(`removing the member: ${removal.status}`);

	return {
		origin,
		database,
		cookies: {
			anonymous: '',
			'no organisation': noOrganisation,
			'unconfirmed account': unconfirmed,
			member,
			signatory,
			admin,
			'member elsewhere': memberElsewhere,
			'signatory elsewhere': signatoryElsewhere,
			'admin elsewhere': adminElsewhere,
			startup,
			'removed member': removed,
			'platform admin': platformAdmin
		},
		stop: async () => {
			database.close();
			server.kill('SIGTERM');
			if (server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** What moves by itself or with any request: sessions slide, background jobs renew their leases, refused codes count in throttle buckets. */
const VOLATILE = ['sessions', 'job_leases', 'throttle_buckets', '__drizzle_migrations'];

/**
 * A hash of every table's rows (the reference data's large tables by their row counts; the outbox by
 * its messages, not their delivery state, which the mail worker moves meanwhile). `changed` names the
 * tables whose hash differs from an earlier fingerprint.
 */
export async function fingerprint(database: Client) {
	const tables = (
		await database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")
	).rows.map((r) => String(r.name));
	const hashes = new Map<string, string>();
	for (const table of tables) {
		if (VOLATILE.includes(table)) continue;
		const { n } = (await database.execute(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0];
		const hash = createHash('sha256').update(`${n};`);
		if (Number(n) <= 5000) {
			const rows = (await database.execute(table === 'outbox' ? 'SELECT id FROM outbox' : `SELECT * FROM "${table}"`)).rows.map((row) => JSON.stringify(row));
			hash.update(rows.sort().join('\n'));
		}
		hashes.set(table, hash.digest('hex'));
	}
	return {
		hashes,
		changed: (earlier: { hashes: Map<string, string> }) => [...hashes.keys()].filter((table) => earlier.hashes.get(table) !== hashes.get(table))
	};
}
