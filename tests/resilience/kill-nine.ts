// npm run test:resilience — kill -9 at random moments under money writes, five times.
//
// The built server (`node server.js`, as `npm start` runs it) runs on a fresh demo database. Four
// demo cities pledge to a fund the coordinating city opened, over and over and all at once, through
// the forms people use: the agent enters a pledge, the elected signatory approves it (signed in with
// the demo's second factor), the coordinator calls it, and the money arrives, either as a bank
// transfer the coordinator records (the form sent twice, a double click) or, in the rounds where
// Stripe is configured (a local fake Stripe), as Stripe's signed `invoice.paid` webhook delivered
// twice at once. A pledge a kill left halfway is taken up where it stands. Once a new pledge and a
// payment have gone through in the round, at a random moment 0 to 4 s later, the server is killed with
// SIGKILL. Then every write the server acknowledged must be in the database exactly once (one pledge
// per acknowledged form, one approval, call and payment entry per acknowledged step, no pledge with
// any step counted twice), and `ledger:verify`'s check must pass; the server restarts on the same
// database for the next round. Odd rounds run with Stripe, even ones without (a call then asks for a
// transfer): with Stripe every call makes an invoice, and the coordinator may record a transfer only
// for a pledge called without one.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';
import { connect, disconnect } from '../../src/lib/server/db';
import { verifyLedger } from '../../src/lib/server/funds/verify';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PORT = Number(process.env.RESILIENCE_PORT ?? 4390);
const ORIGIN = `http://localhost:${PORT}`;
const PASSWORD = 'entente-demo-2026';
const TOTP_SECRET = 'ENTENTEDEMODEUXFACTEURSVILLESABC';
const CITIES = ['beauvais', 'nevers', 'saint-quentin', 'bethune'];
const WRITERS_PER_CITY = 2;
const dir = mkdtempSync(join(tmpdir(), 'entente-resilience-'));
const DATABASE_URL = `file:${join(dir, 'entente.db')}`;
const fake = await new FakeStripe().start();

function serverEnv(withStripe: boolean) {
	const env: Record<string, string | undefined> = {
		...process.env,
		PORT: String(PORT),
		ORIGIN,
		DATABASE_URL,
		DATA_DIR: dir,
		SEED_DEMO: 'true',
		BODY_SIZE_LIMIT: '12M',
		STRIPE_SECRET_KEY: undefined,
		STRIPE_WEBHOOK_SECRET: undefined,
		STRIPE_API_BASE: undefined
	};
	if (withStripe) Object.assign(env, { STRIPE_SECRET_KEY: TEST_SECRET_KEY, STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, STRIPE_API_BASE: fake.base.href });
	return env;
}

function start(withStripe: boolean): Promise<ChildProcess> {
	const server = spawn('node', ['server.js'], { env: serverEnv(withStripe), stdio: ['ignore', 'ignore', 'inherit'] });
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 180_000;
		const poll = async () => {
			try {
				if ((await fetch(`${ORIGIN}/healthz`)).ok) return resolve(server);
			} catch {
				// Not listening yet.
			}
			if (server.exitCode !== null) return reject(new Error(`the server exited with ${server.exitCode}`));
			if (Date.now() > deadline) return reject(new Error('the server did not answer /healthz within 3 minutes'));
			setTimeout(poll, 250);
		};
		void poll();
	});
}

const form = { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };

/** A signed-in person's session cookie, from the sign-in form (and the second step for a signatory). */
async function signIn(email: string) {
	const response = await fetch(`${ORIGIN}/login`, {
		method: 'POST',
		headers: { ...form, accept: 'text/html' },
		body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/account' }),
		redirect: 'manual'
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (response.status !== 303) throw new Error(`signing in ${email}: ${response.status}`);
	if (!response.headers.get('location')?.startsWith('/two-factor')) return cookie;
	const code = generateHOTP(decodeBase32IgnorePadding(TOTP_SECRET), BigInt(Math.floor(Date.now() / 30_000)), 6);
	const second = await fetch(`${ORIGIN}/two-factor?/code`, {
		method: 'POST',
		headers: { ...form, accept: 'text/html', cookie },
		body: new URLSearchParams({ code, redirectTo: '/account' }),
		redirect: 'manual'
	});
	if (second.status !== 303) throw new Error(`second factor of ${email}: ${second.status}`);
	return cookie;
}

interface ActionResult {
	type: 'success' | 'failure' | 'redirect' | 'error';
	status: number;
	location?: string;
}

/** A form action as `use:enhance` sends it; null when no answer came (the server died). */
async function action(cookie: string, path: string, fields: Record<string, string | string[]>): Promise<ActionResult | null> {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
	try {
		const response = await fetch(`${ORIGIN}${path}`, {
			method: 'POST',
			headers: { ...form, cookie, accept: 'application/json', 'x-sveltekit-action': 'true' },
			body
		});
		const text = await response.text();
		if (response.status >= 500) {
			problems.push(`${path}: ${response.status} ${text.slice(0, 200)}`);
			return null;
		}
		return JSON.parse(text) as ActionResult;
	} catch {
		return null;
	}
}

async function webhook(payload: string, signature: string) {
	try {
		const response = await fetch(`${ORIGIN}/api/stripe/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'stripe-signature': signature },
			body: payload
		});
		if (response.status >= 500 && response.status !== 503) problems.push(`webhook: ${response.status}`);
		return response.status === 200 ? ((await response.json()) as { outcome?: string }) : null;
	} catch {
		return null;
	}
}

/** What the server acknowledged, by pledge note (the pledge's own id is read back from the database). */
const acknowledged = {
	pledges: new Set<string>(),
	approved: new Set<string>(),
	called: new Set<string>(),
	/** Paid: a recorded transfer (by hand) or an applied webhook (Stripe). */
	paid: new Map<string, 'transfer' | 'webhook'>()
};
const problems: string[] = [];
const counts = { operations: 0, refused: new Map<string, number>() };
async function refusal(what: string, result: ActionResult | null) {
	if (!result) return;
	// Two writers of one city race for its one open pledge (intent_exists): the loser waits a little.
	await new Promise((resolve) => setTimeout(resolve, 250));
	const key = `${what}: ${result.type} ${result.status}`;
	counts.refused.set(key, (counts.refused.get(key) ?? 0) + 1);
}

const day = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Pledge {
	id: string;
	note: string;
	status: string;
	invoiceId: string | null;
	cents: number;
}

async function pledgesWhere(reader: Client, where: string, args: (string | number)[]): Promise<Pledge[]> {
	const rows = await reader.execute({ sql: `SELECT id, note, status, stripe_invoice_id, amount_cents FROM pledges WHERE ${where}`, args });
	return rows.rows.map((r) => ({
		id: String(r.id),
		note: String(r.note),
		status: String(r.status),
		invoiceId: (r.stripe_invoice_id as string | null) ?? null,
		cents: Number(r.amount_cents)
	}));
}

interface People {
	coordinator: string;
	agents: Map<string, string>;
	signers: Map<string, string>;
	organisations: Map<string, string>;
}

/** Pledges a writer is moving on, so that two writers of one city never take the same one. */
const claimed = new Set<string>();
/** The `invoice.paid` event of each invoice the fake Stripe was paid: after a kill, Stripe sends the same event again. */
const paidEvents = new Map<string, ReturnType<FakeStripe['event']>>();

/**
 * One writer: its city pledges, the signatory approves, the coordinator calls, the money arrives, over
 * and over until `stop()`. A pledge a kill left halfway (entered, approved or called) is taken up where
 * it stands, as the people would; one called with a Stripe invoice waits for a round with Stripe.
 */
async function writer(people: People, fundId: string, city: string, name: string, reader: Client, withStripe: boolean, stop: () => boolean) {
	const fundPath = `/funds/${fundId}`;
	for (let i = 0; !stop(); i++) {
		const unfinished = (
			await pledgesWhere(reader, "fund_id = ? AND organisation_id = ? AND note LIKE 'kill-%' AND status IN ('intent', 'approved', 'called')", [
				fundId,
				people.organisations.get(city)!
			])
		).find((p) => !claimed.has(p.note) && (p.status !== 'called' || !p.invoiceId || withStripe));
		let pledge: Pledge;
		if (unfinished) pledge = unfinished;
		else {
			const note = `${name}-${i}`;
			const amount = String(1_000 + Math.floor(Math.random() * 9_000));
			counts.operations++;
			const entered = await action(people.agents.get(city)!, `${fundPath}?/pledge`, { amount, note });
			if (entered?.type !== 'redirect' || entered.location !== fundPath) {
				await refusal('pledge', entered);
				if (!entered) return;
				continue;
			}
			acknowledged.pledges.add(note);
			const [found] = await pledgesWhere(reader, 'note = ?', [note]);
			if (!found) {
				problems.push(`pledge ${note} acknowledged but not readable while the server runs`);
				return;
			}
			pledge = found;
		}
		if (claimed.has(pledge.note)) continue;
		claimed.add(pledge.note);
		try {
			if (!(await advance(people, fundPath, city, pledge, reader))) return;
		} finally {
			claimed.delete(pledge.note);
		}
	}
}

/** Moves one pledge on to paid; false when the server stopped answering. */
async function advance(people: People, fundPath: string, city: string, pledge: Pledge, reader: Client) {
	const { note } = pledge;
	if (pledge.status === 'intent') {
		counts.operations++;
		const approved = await action(people.signers.get(city)!, `${fundPath}?/approve`, { pledgeId: pledge.id, reference: `DCM-${note}`, date: day(-1) });
		if (approved?.type !== 'redirect' || approved.location !== fundPath) {
			await refusal('approve', approved);
			return Boolean(approved);
		}
		acknowledged.approved.add(note);
		pledge.status = 'approved';
	}
	if (pledge.status === 'approved') {
		counts.operations++;
		const called = await action(people.coordinator, `${fundPath}/dashboard?/call`, { pledgeIds: pledge.id, dueDate: day(30) });
		if (called?.type !== 'success') {
			await refusal('call', called);
			return Boolean(called);
		}
		acknowledged.called.add(note);
		pledge.invoiceId = (await pledgesWhere(reader, 'id = ?', [pledge.id]))[0].invoiceId;
	}
	if (pledge.invoiceId) {
		// Stripe retries: the same signed event twice at once, applied once.
		// Stripe signs each delivery anew (a retry after a kill comes with a fresh timestamp).
		const event = paidEvents.get(pledge.invoiceId) ?? fake.event('invoice.paid', fake.pay(pledge.invoiceId, pledge.cents));
		paidEvents.set(pledge.invoiceId, event);
		const { payload, signature } = FakeStripe.sign(event);
		counts.operations += 2;
		const answers = await Promise.all([webhook(payload, signature), webhook(payload, signature)]);
		const applied = answers.filter((a) => a?.outcome === 'applied').length;
		if (applied > 1) problems.push(`webhook for ${note} applied ${applied} times`);
		if (applied >= 1) acknowledged.paid.set(note, 'webhook');
		else if (answers.some((a) => a !== null)) problems.push(`webhook for ${note} answered ${JSON.stringify(answers)}`);
		return !answers.every((a) => a === null);
	}
	const receipt = { pledgeId: pledge.id, amount: String(pledge.cents / 100), bankReference: `VIR-${note}`, receivedOn: day() };
	counts.operations += 2;
	const answers = await Promise.all([0, 1].map(() => action(people.coordinator, `${fundPath}/dashboard?/receipt`, receipt)));
	const recorded = answers.filter((a) => a?.type === 'success').length;
	if (recorded > 1) problems.push(`transfer for ${note} recorded ${recorded} times`);
	if (recorded >= 1) acknowledged.paid.set(note, 'transfer');
	return !answers.every((a) => a === null);
}

/** Every acknowledged write present once, nothing counted twice. Returns the problems found. */
async function checkDatabase(): Promise<string[]> {
	const client = createClient({ url: DATABASE_URL });
	try {
		const found: string[] = [];
		const pledgeRows = await client.execute("SELECT id, note, status FROM pledges WHERE note LIKE 'kill-%'");
		const byNote = new Map<string, { id: string; status: string }[]>();
		for (const row of pledgeRows.rows)
			byNote.set(String(row.note), [...(byNote.get(String(row.note)) ?? []), { id: String(row.id), status: String(row.status) }]);
		const entries = await client.execute(
			"SELECT p.note AS note, e.kind AS kind, COUNT(*) AS n FROM ledger_entries e JOIN pledges p ON p.id = e.pledge_id WHERE p.note LIKE 'kill-%' GROUP BY p.note, e.kind"
		);
		const entryCount = (note: string, kind: string) => Number(entries.rows.find((r) => r.note === note && r.kind === kind)?.n ?? 0);
		for (const [note, rows] of byNote) if (rows.length > 1) found.push(`pledge ${note} stored ${rows.length} times`);
		for (const row of entries.rows) if (Number(row.n) > 1) found.push(`pledge ${row.note}: ${row.n} '${row.kind}' entries`);
		for (const note of acknowledged.pledges) {
			if (!byNote.has(note)) found.push(`acknowledged pledge ${note} is missing`);
			else if (entryCount(note, 'pledge') !== 1) found.push(`acknowledged pledge ${note} has ${entryCount(note, 'pledge')} 'pledge' entries`);
		}
		for (const [set, kind] of [
			[acknowledged.approved, 'approve'],
			[acknowledged.called, 'call']
		] as const)
			for (const note of set) if (entryCount(note, kind) !== 1) found.push(`acknowledged ${kind} of ${note}: ${entryCount(note, kind)} entries`);
		for (const [note, how] of acknowledged.paid) {
			if (entryCount(note, 'receipt') !== 1) found.push(`acknowledged ${how} for ${note}: ${entryCount(note, 'receipt')} receipt entries`);
			if (byNote.get(note)?.[0]?.status !== 'paid') found.push(`acknowledged ${how} for ${note}: the pledge is ${byNote.get(note)?.[0]?.status}`);
		}
		return found;
	} finally {
		client.close();
	}
}

/** What `npm run ledger:verify` checks (its verifyLedger), here in this process: the server is down. */
async function ledgerVerify() {
	await connect(DATABASE_URL, undefined);
	try {
		const { funds, entries, differences } = await verifyLedger();
		return {
			ok: differences.length === 0,
			output: differences.length
				? differences.map((d) => `✗ ${d.fundName}: ${d.what}: ledger ${d.ledger}, shown ${d.shown}`).join('\n')
				: `${funds} funds, ${entries} entries`
		};
	} finally {
		disconnect();
	}
}

let failed = false;
let people: People | null = null;
let fundId = '';
const startedAt = Date.now();
for (let round = 1; round <= ROUNDS; round++) {
	const withStripe = round % 2 === 1;
	const roundStarted = Date.now();
	const server = await start(withStripe);
	const startMs = Date.now() - roundStarted;
	if (!people) {
		const [coordinator, ...rest] = await Promise.all([
			signIn('agent@bethune.example'),
			...CITIES.flatMap((city) => [signIn(`agent@${city}.example`), signIn(`elu@${city}.example`)])
		]);
		const reader = createClient({ url: DATABASE_URL });
		const consortium = await reader.execute("SELECT id FROM consortia WHERE name = 'Villes de France connectées (démo)'");
		const organisations = await reader.execute("SELECT id, slug FROM organisations WHERE kind = 'city'");
		reader.close();
		people = {
			coordinator,
			agents: new Map(CITIES.map((city, i) => [city, rest[2 * i]])),
			signers: new Map(CITIES.map((city, i) => [city, rest[2 * i + 1]])),
			organisations: new Map(organisations.rows.map((r) => [String(r.slug), String(r.id)]))
		};
		const opened = await action(people.coordinator, '/funds/new', {
			consortiumId: String(consortium.rows[0].id),
			kind: 'investment',
			name: 'Fonds de résilience',
			purpose: 'Des engagements en continu pendant que le serveur est tué.',
			target: '100000000',
			threshold: '',
			rule: 'all_or_nothing',
			deadline: `${day(60)}T12:00`,
			capAmount: '',
			capShare: ''
		});
		if (opened?.type !== 'redirect' || !opened.location?.startsWith('/funds/')) throw new Error(`opening the fund: ${JSON.stringify(opened)}`);
		fundId = opened.location.slice('/funds/'.length);
	}
	const reader = createClient({ url: DATABASE_URL });
	let stop = false;
	const before = { pledges: acknowledged.pledges.size, paid: acknowledged.paid.size };
	const writers = CITIES.flatMap((city) =>
		Array.from({ length: WRITERS_PER_CITY }, (_, w) => writer(people!, fundId, city, `kill-r${round}-${city}-${w}`, reader, withStripe, () => stop))
	);
	// A random moment once this round has seen a new pledge and a payment through (so that every kind
	// of write was in flight): 0 to 4 s later, while the writers go on.
	const began = Date.now();
	const bothSeen = () => acknowledged.paid.size > before.paid && acknowledged.pledges.size > before.pledges;
	while (!bothSeen() && Date.now() - began < 120_000) await new Promise((resolve) => setTimeout(resolve, 100));
	await new Promise((resolve) => setTimeout(resolve, Math.random() * 4000));
	server.kill('SIGKILL');
	const killedAfter = Date.now() - began;
	stop = true;
	await Promise.all(writers);
	if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
	reader.close();

	const lost = await checkDatabase();
	const verifyStarted = Date.now();
	const verify = await ledgerVerify();
	const verifyMs = Date.now() - verifyStarted;
	const paidHow = [...acknowledged.paid.values()];
	console.log(
		`round ${round} (${withStripe ? 'Stripe webhooks' : 'recorded transfers'}): ${acknowledged.pledges.size} pledges, ${acknowledged.approved.size} approvals, ` +
			`${acknowledged.called.size} calls, ${paidHow.filter((h) => h === 'transfer').length} transfers and ${paidHow.filter((h) => h === 'webhook').length} webhooks acknowledged so far; ` +
			`${lost.length} problems; ledger:verify ${verify.ok ? `passes (${verify.output})` : 'FAILS'} ` +
			`(start ${(startMs / 1000).toFixed(1)} s, killed ${(killedAfter / 1000).toFixed(1)} s into the writes, verify ${(verifyMs / 1000).toFixed(1)} s)`
	);
	if (acknowledged.pledges.size === before.pledges || acknowledged.paid.size === before.paid) {
		console.error(`✗ round ${round}: no pledge or no payment was acknowledged before the kill, so too little was tested`);
		failed = true;
	}
	if (lost.length) {
		console.error(`✗ after kill -9:\n  ${lost.slice(0, 10).join('\n  ')}${lost.length > 10 ? `\n  …and ${lost.length - 10} more` : ''}`);
		failed = true;
	}
	if (!verify.ok) {
		console.error(verify.output);
		failed = true;
	}
}
if (problems.length) {
	console.error(`✗ while writing:\n  ${problems.slice(0, 10).join('\n  ')}`);
	failed = true;
}
await fake.stop();
rmSync(dir, { recursive: true, force: true });
const paidHow = [...acknowledged.paid.values()];
console.log(
	failed
		? '✗ resilience: FAILED'
		: `✓ resilience: ${ROUNDS} kill -9 in ${Math.round((Date.now() - startedAt) / 1000)} s; ${counts.operations} money writes sent, ` +
				`${acknowledged.pledges.size} pledges, ${acknowledged.approved.size} approvals, ${acknowledged.called.size} calls, ` +
				`${paidHow.filter((h) => h === 'transfer').length} transfers recorded and ${paidHow.filter((h) => h === 'webhook').length} webhooks applied acknowledged, ` +
				`each present once; the ledger verifies after every kill` +
				(counts.refused.size ? ` (refused: ${JSON.stringify(Object.fromEntries(counts.refused))})` : '')
);
process.exit(failed ? 1 : 0);
