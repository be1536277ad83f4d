// The server's own settlement job (jobs/workers.ts, started by platform.ts): a fund settles when the job
// ticks after its deadline, not before, with nobody calling settleDueFunds by hand. The job ticks every
// 10 s; the test drives the process's clock instead of waiting for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { funds, type User } from '$lib/server/db/schema';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { leaseHolders } from '$lib/server/jobs/lease';
import { startWorkers } from '$lib/server/jobs/workers';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, fundInput, ok, organisation, vote } from './funds-support';

useTestDatabase();

let coordinator: User, neversAgent: User, neversSigner: User, consortiumId: string, nevers: string, mailDir: string;

beforeAll(async () => {
	// The workers read the configuration once (mail goes to files here, never anywhere else).
	mailDir = await mkdtemp(join(tmpdir(), 'entente-settle-job-mail-'));
	vi.stubEnv('MAIL_DIR', mailDir);
	vi.spyOn(console, 'info').mockImplementation(() => undefined); // the file transport's line per mail
	[coordinator, neversAgent, neversSigner] = await Promise.all([createUser(), createUser(), createUser()]);
	const bethune = await organisation('city', 'Bethune', [[coordinator, 'admin']]);
	nevers = await organisation('city', 'Nevers', [
		[neversAgent, 'admin'],
		[neversSigner, 'signatory']
	]);
	consortiumId = await activeConsortium(bethune, [nevers], coordinator);
});

afterAll(async () => {
	vi.useRealTimers();
	vi.unstubAllEnvs();
	vi.restoreAllMocks();
	await rm(mailDir, { recursive: true, force: true });
});

const statusOf = async (fundId: string) => (await db().select({ status: funds.status }).from(funds).where(eq(funds.id, fundId)))[0]?.status;

describe('the settlement job', () => {
	it('settles each fund at the first tick after its deadline, and leaves a fund whose deadline is ahead open', async () => {
		// Only the timers the job runner uses and the clock are the test's; I/O and the write lock's own waits stay real.
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		const start = Date.now();
		const SECOND = 1000;
		// The first fund's deadline falls between the second and third ticks, the second fund's between the third and fourth.
		const early = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Fonds tôt', thresholdCents: 50_000_00, deadline: new Date(start + 15 * SECOND) }))
		).id;
		const late = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Fonds tard', thresholdCents: 50_000_00, deadline: new Date(start + 25 * SECOND) }))
		).id;
		// The early fund reaches its threshold (funded at settlement); the late one has nothing (failed).
		const pledge = ok(await enterPledge(neversAgent, nevers, early, 60_000_00)).id;
		ok(await approvePledge(proven(neversSigner), pledge, vote('D-1')));

		startWorkers();
		// The tick at start: the job takes its lease and finds nothing due.
		await vi.waitFor(async () => expect((await leaseHolders()).map((l) => l.name)).toContain('settle-funds'), { timeout: 10_000 });
		expect([await statusOf(early), await statusOf(late)]).toEqual(['open', 'open']);

		// 10 s: still before both deadlines.
		await vi.advanceTimersByTimeAsync(10 * SECOND);
		// 20 s: past the early fund's deadline only. The job settles it, by itself.
		await vi.advanceTimersByTimeAsync(10 * SECOND);
		await vi.waitFor(async () => expect(await statusOf(early)).toBe('funded'), { timeout: 10_000 });
		// The same run of the job saw the late fund not yet due.
		expect(await statusOf(late)).toBe('open');

		// 30 s: past the late fund's deadline; nothing was committed to it, so it fails.
		await vi.advanceTimersByTimeAsync(10 * SECOND);
		await vi.waitFor(async () => expect(await statusOf(late)).toBe('failed'), { timeout: 10_000 });
		expect(await statusOf(early)).toBe('funded');
	});
});
