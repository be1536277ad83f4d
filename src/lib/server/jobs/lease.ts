import { eq, sql } from 'drizzle-orm';
import { db, write } from '../db';
import { jobLeases } from '../db/schema';
import { newId } from '../auth/tokens';

// A background job runs once across app processes: each process ticks every job, and only the one holding
// the job's lease (a row of job_leases, claimed by one statement in the database's own transaction) runs
// it. The holder renews its lease as it ticks; when it stops, another process takes over once the lease
// has expired. The jobs are idempotent as well, so a holder that overruns its lease does no harm.

/** This process, as a lease holder. */
const me = `${process.pid}-${newId().slice(0, 8)}`;
/** Until when this process holds each lease, as far as it knows (only the holder can extend it). */
const heldUntil = new Map<string, number>();

/**
 * Whether `holder` (this process unless told) holds the lease `name` now, claiming or renewing it for `ttlMs`
 * when it is free, expired, already its own and past half its life. One write at most, none while the
 * lease is young.
 */
export async function holdLease(name: string, ttlMs: number, now = Date.now(), holder = me): Promise<boolean> {
	const key = `${holder}\u0000${name}`;
	if ((heldUntil.get(key) ?? 0) > now + ttlMs / 2) return true;
	const until = new Date(now + ttlMs);
	const claimed = await write(
		async (tx) => {
			await tx
				.insert(jobLeases)
				.values({ name, holder, expiresAt: until })
				.onConflictDoUpdate({
					target: jobLeases.name,
					set: { holder, expiresAt: until },
					setWhere: sql`${jobLeases.expiresAt} <= ${now} or ${jobLeases.holder} = ${holder}`
				});
			const [row] = await tx.select().from(jobLeases).where(eq(jobLeases.name, name));
			return row?.holder === holder && row.expiresAt.getTime() === until.getTime();
		},
		{ bounded: false }
	);
	if (claimed) heldUntil.set(key, until.getTime());
	else heldUntil.delete(key);
	return claimed;
}

/** Who holds each lease (an operator's view, and the tests'). */
export function leaseHolders() {
	return db().select().from(jobLeases);
}
