// npm run test:resilience — kill -9 at random moments under writes, five times: every write the server
// acknowledged is still there after the restart, and `ledger:verify` passes on the same database.
// (So far the writes are sign-ups, each an account, an audit event, a token and an email in one
// transaction; pledges, approvals, receipts and webhooks are still to be added to the mix.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PORT = Number(process.env.RESILIENCE_PORT ?? 4390);
const ORIGIN = `http://localhost:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'entente-resilience-'));
const env = {
	...process.env,
	PORT: String(PORT),
	ORIGIN,
	DATABASE_URL: `file:${join(dir, 'entente.db')}`,
	DATA_DIR: dir,
	SEED_DEMO: 'true',
	BODY_SIZE_LIMIT: '12M'
};

function start(): Promise<ChildProcess> {
	const server = spawn('node', ['build'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
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

async function signUp(email: string): Promise<boolean> {
	try {
		const response = await fetch(`${ORIGIN}/signup`, {
			method: 'POST',
			headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ name: 'Résilience', email, password: `une phrase solide ${email}` })
		});
		return response.status === 200;
	} catch {
		return false;
	}
}

const acknowledged: string[] = [];
let failed = false;
for (let round = 1; round <= ROUNDS; round++) {
	const server = await start();
	let stop = false;
	const writers = Array.from({ length: 8 }, async (_, w) => {
		for (let i = 0; !stop; i++) {
			const email = `r${round}-w${w}-${i}@resilience.example`;
			if (await signUp(email)) acknowledged.push(email);
		}
	});
	const before = acknowledged.length;
	await new Promise((resolve) => setTimeout(resolve, 4000 + Math.random() * 8000));
	server.kill('SIGKILL');
	stop = true;
	await Promise.all(writers);
	if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');

	const client = createClient({ url: env.DATABASE_URL });
	const rows = await client.execute('SELECT email FROM users');
	client.close();
	const present = new Set(rows.rows.map((r) => String(r.email)));
	const lost = acknowledged.filter((email) => !present.has(email));
	console.log(`round ${round}: ${acknowledged.length} acknowledged sign-ups so far, ${lost.length} lost`);
	if (acknowledged.length === before) {
		console.error(`✗ round ${round}: no write was acknowledged before the kill, so nothing was tested`);
		failed = true;
	}
	if (lost.length) {
		console.error(`✗ lost after kill -9: ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? '…' : ''}`);
		failed = true;
	}
}

const verify = spawnSync('npx', ['tsx', 'src/lib/server/cli/ledger-verify.ts'], { env, encoding: 'utf8' });
process.stdout.write(verify.stdout);
process.stderr.write(verify.stderr);
if (verify.status !== 0) failed = true;
rmSync(dir, { recursive: true, force: true });
console.log(failed ? '✗ resilience: FAILED' : `✓ resilience: ${ROUNDS} kill -9, ${acknowledged.length} acknowledged writes, none lost; the ledger verifies`);
process.exit(failed ? 1 : 0);
