import { eq } from 'drizzle-orm';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { db } from '../db';
import { totpCredentials } from '../db/schema';
import { encodeKey, totpCode } from '../auth/totp';
import { config } from '../config';

/**
 * The one TOTP secret of every demo signatory and of the demo administrator (README, "Demo"): any
 * authenticator app accepts it, and the terminal prints the current code when a demo account is asked.
 */
export const DEMO_TOTP_SECRET = 'ENTENTEDEMODEUXFACTEURSVILLESABC';

export const demoTotpKey = () => decodeBase32IgnorePadding(DEMO_TOTP_SECRET);

/** Prints the code a demo account should type now, when the demo is on and the account uses the demo key. */
export async function logDemoCode(user: { id: string; email: string }, log: (line: string) => void = console.info) {
	if (!config().seedDemo) return;
	const [credential] = await db().select({ key: totpCredentials.key }).from(totpCredentials).where(eq(totpCredentials.userId, user.id));
	if (credential?.key !== encodeKey(demoTotpKey())) return;
	const now = Date.now();
	const secondsLeft = 30 - (Math.floor(now / 1000) % 30);
	log(`demo: the code for ${user.email} is ${totpCode(demoTotpKey(), now)} (for ${secondsLeft} s more; secret ${DEMO_TOTP_SECRET})`);
}
