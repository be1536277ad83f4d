import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../db';
import { userTokens, type UserTokenPurpose } from '../db/schema';
import { hashSecret, newId, randomToken } from '../auth/tokens';

export const TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
	verify_email: 48 * 60 * 60_000,
	reset_password: 60 * 60_000
};

// A new confirmation link replaces the earlier one; reset links all stay valid until one is used (or
// they expire after an hour), so someone asking for resets in the owner's name never breaks theirs.
const REPLACES_EARLIER: Record<UserTokenPurpose, boolean> = { verify_email: true, reset_password: false };

/** A new single-use token for `purpose`. */
export async function issueUserToken(tx: Tx, userId: string, purpose: UserTokenPurpose) {
	const token = randomToken() + randomToken();
	const now = new Date();
	if (REPLACES_EARLIER[purpose]) await consumeUserTokens(tx, userId, purpose, now);
	await tx.insert(userTokens).values({
		id: newId(),
		userId,
		purpose,
		tokenHash: hashSecret(token),
		createdAt: now,
		expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose])
	});
	return token;
}

/** The live token row for `token`, or undefined when unknown, used or expired. */
export async function findLiveToken(tx: Queryable, token: string, purpose: UserTokenPurpose) {
	const [row] = await tx
		.select()
		.from(userTokens)
		.where(and(eq(userTokens.tokenHash, hashSecret(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, new Date())));
	return row;
}

export async function consumeToken(tx: Tx, id: string) {
	await tx.update(userTokens).set({ usedAt: new Date() }).where(eq(userTokens.id, id));
}

/** Every unused token of `userId` for `purpose` stops working (one of them was just used). */
export async function consumeUserTokens(tx: Tx, userId: string, purpose: UserTokenPurpose, now = new Date()) {
	await tx
		.update(userTokens)
		.set({ usedAt: now })
		.where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}
