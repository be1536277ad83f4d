import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's first recommended setting: 19 MiB, two passes, one lane.
const PRODUCTION = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
// Under Vitest only, a cheap setting: the tests hash and check hundreds of passwords and prove what is done
// with a hash, not its cost. A hash records its own setting, so either kind verifies the same way.
const VITEST_ONLY = { memoryCost: 1024, timeCost: 1, parallelism: 1, outputLen: 32 } as const;

/**
 * The setting for a mode: the cheap one in Vitest's 'test' mode alone. Vite replaces import.meta.env.MODE
 * with 'production' when it builds the server, and the scripts run by tsx have no import.meta.env at all.
 */
export function argon2Options(mode: string | undefined) {
	return mode === 'test' ? VITEST_ONLY : PRODUCTION;
}

const options = argon2Options(import.meta.env?.MODE);

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Verifying against this when no account matches keeps the answer time the same either way.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('entente-no-such-account');
	await verifyPassword(await dummyHash, password);
}
