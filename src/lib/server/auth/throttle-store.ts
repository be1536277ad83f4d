import { eq } from 'drizzle-orm';
import { db, write } from '../db';
import { throttleBuckets } from '../db/schema';
import { checkThrottle, recordFailure, type ThrottleDecision, type ThrottleRule } from '../../domain/throttle';

export interface ThrottleKey {
	key: string;
	rule: ThrottleRule;
}

async function load(key: string) {
	const [row] = await db().select().from(throttleBuckets).where(eq(throttleBuckets.key, key));
	return row
		? {
				failures: row.failures,
				windowStartedAt: row.windowStartedAt.getTime(),
				lockedUntil: row.lockedUntil?.getTime() ?? null
			}
		: undefined;
}

/** Refused if any of the keys is locked; the longest wait wins. */
export async function throttleCheck(keys: ThrottleKey[], now = Date.now()): Promise<ThrottleDecision> {
	let worst: ThrottleDecision = { allowed: true };
	for (const { key } of keys) {
		const decision = checkThrottle(await load(key), now);
		if (!decision.allowed && (worst.allowed || decision.retryAfterMs > worst.retryAfterMs)) worst = decision;
	}
	return worst;
}

export async function throttleFailure(keys: ThrottleKey[], now = Date.now()) {
	await write(async (tx) => {
		for (const { key, rule } of keys) {
			const [row] = await tx.select().from(throttleBuckets).where(eq(throttleBuckets.key, key));
			const next = recordFailure(
				row && {
					failures: row.failures,
					windowStartedAt: row.windowStartedAt.getTime(),
					lockedUntil: row.lockedUntil?.getTime() ?? null
				},
				rule,
				now
			);
			const values = {
				failures: next.failures,
				windowStartedAt: new Date(next.windowStartedAt),
				lockedUntil: next.lockedUntil === null ? null : new Date(next.lockedUntil)
			};
			await tx
				.insert(throttleBuckets)
				.values({ key, ...values })
				.onConflictDoUpdate({ target: throttleBuckets.key, set: values });
		}
	});
}

export async function throttleReset(keys: ThrottleKey[]) {
	await write(async (tx) => {
		for (const { key } of keys) await tx.delete(throttleBuckets).where(eq(throttleBuckets.key, key));
	});
}
