import { and, eq, isNull } from 'drizzle-orm';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64, encodeBase32UpperCaseNoPadding, encodeBase64 } from '@oslojs/encoding';
import QRCode from 'qrcode';
import { db, write, type Tx } from '../db';
import { recoveryCodes, sessions, throttleBuckets, totpCredentials, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { hashSecret, newId } from './tokens';
import { checkThrottle, recordFailure, type ThrottleRule } from '../../domain/throttle';

// TOTP as in Lucia's published guide (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, one step of
// clock drift either way), with what the guide leaves out: a code is accepted once (the step it
// matched is kept and earlier steps are refused), ten single-use recovery codes, and failed codes
// throttled per account. Every check runs inside the write lock, so two requests carrying the same
// code cannot both pass.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const DRIFT_STEPS = 1;
const RECOVERY_CODE_COUNT = 10;
// Five wrong codes, then a wait of 15 minutes that doubles with each further wrong code (up to an hour).
const codeRule: ThrottleRule = { freeFailures: 4, baseDelayMs: 15 * 60_000, maxDelayMs: 60 * 60_000, windowMs: 60 * 60_000 };

export function newTotpKey(): Uint8Array {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

export const encodeKey = (key: Uint8Array) => encodeBase64(key);

/** A key sent back by the enrolment form, or null when it is not one. */
export function decodeKey(text: string): Uint8Array | null {
	if (text.length > 64) return null;
	try {
		const key = decodeBase64(text);
		return key.length === 20 ? key : null;
	} catch {
		return null;
	}
}

/** What an authenticator app reads: the otpauth:// URI, its QR code as an SVG data URL, the key to type. */
export async function enrolmentMaterial(user: Pick<User, 'email'>, key: Uint8Array) {
	const uri = createTOTPKeyURI('Entente', user.email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
	const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return {
		uri,
		qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
		// Grouped by four, as authenticator apps show keys typed by hand.
		manualKey: encodeBase32UpperCaseNoPadding(key)
			.replace(/(.{4})/g, '$1 ')
			.trim()
	};
}

export function currentCounter(now = Date.now()) {
	return Math.floor(now / (TOTP_PERIOD_SECONDS * 1000));
}

/** The code of `key` for the step holding `now` (the demo log prints it; tests type it). */
export function totpCode(key: Uint8Array, now = Date.now()) {
	return generateHOTP(key, BigInt(currentCounter(now)), TOTP_DIGITS);
}

function sameCode(a: string, b: string) {
	const left = new TextEncoder().encode(a);
	const right = new TextEncoder().encode(b);
	return left.length === right.length && constantTimeEqual(left, right);
}

/** The step `code` belongs to, within the drift allowed around `now`, or null. */
export function matchingCounter(key: Uint8Array, code: string, now = Date.now()): number | null {
	const typed = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(typed)) return null;
	const counter = currentCounter(now);
	let found: number | null = null;
	for (let c = counter - DRIFT_STEPS; c <= counter + DRIFT_STEPS; c++) {
		// Compare every candidate, so the time taken says nothing about which one matched.
		if (sameCode(generateHOTP(key, BigInt(c), TOTP_DIGITS), typed) && found === null) found = c;
	}
	return found;
}

export type CodeResult =
	{ ok: true } | { ok: false; reason: 'invalid' | 'replayed' | 'not_enrolled' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

async function throttled(tx: Tx, userId: string, now: number) {
	const [row] = await tx
		.select()
		.from(throttleBuckets)
		.where(eq(throttleBuckets.key, `2fa:account:${userId}`));
	return checkThrottle(row && { failures: row.failures, windowStartedAt: row.windowStartedAt.getTime(), lockedUntil: row.lockedUntil?.getTime() ?? null }, now);
}

async function recordCodeFailure(tx: Tx, userId: string, now: number) {
	const key = `2fa:account:${userId}`;
	const [row] = await tx.select().from(throttleBuckets).where(eq(throttleBuckets.key, key));
	const next = recordFailure(
		row && { failures: row.failures, windowStartedAt: row.windowStartedAt.getTime(), lockedUntil: row.lockedUntil?.getTime() ?? null },
		codeRule,
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

async function passSecondFactor(tx: Tx, userId: string, sessionId: string, at: Date) {
	await tx
		.update(sessions)
		.set({ secondFactorAt: at })
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
	await tx.delete(throttleBuckets).where(eq(throttleBuckets.key, `2fa:account:${userId}`));
}

function newRecoveryCode() {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	// 16 characters of base32 in groups of four: easy to copy from paper.
	return encodeBase32UpperCaseNoPadding(bytes)
		.slice(0, 16)
		.replace(/(.{4})(?!$)/g, '$1-');
}

const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z2-7]/g, '');

async function replaceRecoveryCodes(tx: Tx, userId: string) {
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	await tx.insert(recoveryCodes).values(codes.map((code) => ({ id: newId(), userId, codeHash: hashSecret(normaliseRecoveryCode(code)) })));
	return codes;
}

export function isEnrolled(userId: string) {
	return db()
		.select({ enrolledAt: totpCredentials.enrolledAt })
		.from(totpCredentials)
		.where(eq(totpCredentials.userId, userId))
		.then((rows) => rows[0]?.enrolledAt ?? null);
}

/**
 * Enrols (or replaces) a person's authenticator once they type a code it shows, marks this session as
 * having passed the second factor, and returns fresh recovery codes to show once.
 */
export async function enrolTotp(
	user: Pick<User, 'id'>,
	sessionId: string,
	key: Uint8Array,
	code: string,
	now = Date.now()
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: 'invalid' | 'throttled'; retryAfterMs?: number }> {
	return write(async (tx) => {
		const gate = await throttled(tx, user.id, now);
		if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
		const counter = matchingCounter(key, code, now);
		if (counter === null) {
			await recordCodeFailure(tx, user.id, now);
			return { ok: false, reason: 'invalid' };
		}
		const at = new Date(now);
		const values = { key: encodeKey(key), lastCounter: counter, enrolledAt: at };
		await tx
			.insert(totpCredentials)
			.values({ userId: user.id, ...values })
			.onConflictDoUpdate({ target: totpCredentials.userId, set: values });
		const codes = await replaceRecoveryCodes(tx, user.id);
		await passSecondFactor(tx, user.id, sessionId, at);
		await audit(tx, { userId: user.id, organisationId: null }, 'user.totp_enrolled', { type: 'user', id: user.id });
		return { ok: true, recoveryCodes: codes };
	});
}

/** Checks a code from the person's authenticator for this session; each code works once. */
export async function verifyTotp(user: Pick<User, 'id'>, sessionId: string, code: string, now = Date.now()): Promise<CodeResult> {
	return write(async (tx) => {
		const gate = await throttled(tx, user.id, now);
		if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
		const [credential] = await tx.select().from(totpCredentials).where(eq(totpCredentials.userId, user.id));
		if (!credential) return { ok: false, reason: 'not_enrolled' };
		const counter = matchingCounter(decodeBase64(credential.key), code, now);
		if (counter === null) {
			await recordCodeFailure(tx, user.id, now);
			return { ok: false, reason: 'invalid' };
		}
		if (counter <= credential.lastCounter) {
			await recordCodeFailure(tx, user.id, now);
			return { ok: false, reason: 'replayed' };
		}
		await tx.update(totpCredentials).set({ lastCounter: counter }).where(eq(totpCredentials.userId, user.id));
		await passSecondFactor(tx, user.id, sessionId, new Date(now));
		await audit(tx, { userId: user.id, organisationId: null }, 'user.second_factor_passed', { type: 'user', id: user.id });
		return { ok: true };
	});
}

/** A recovery code instead of the authenticator: it works once, then never again. */
export async function useRecoveryCode(user: Pick<User, 'id'>, sessionId: string, code: string, now = Date.now()): Promise<CodeResult> {
	const typed = normaliseRecoveryCode(code.slice(0, 64));
	return write(async (tx) => {
		const gate = await throttled(tx, user.id, now);
		if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
		const used = await tx
			.update(recoveryCodes)
			.set({ usedAt: new Date(now) })
			.where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashSecret(typed)), isNull(recoveryCodes.usedAt)));
		if (typed.length !== 16 || used.rowsAffected === 0) {
			await recordCodeFailure(tx, user.id, now);
			return { ok: false, reason: 'invalid' };
		}
		await passSecondFactor(tx, user.id, sessionId, new Date(now));
		await audit(tx, { userId: user.id, organisationId: null }, 'user.recovery_code_used', { type: 'user', id: user.id });
		return { ok: true };
	});
}

export async function unusedRecoveryCodes(userId: string) {
	const rows = await db()
		.select({ id: recoveryCodes.id })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
	return rows.length;
}

/** Enrols an account with a known key, without a code: the demo seed only (README gives the key). */
export async function enrolWithKey(tx: Tx, userId: string, key: Uint8Array, at: Date) {
	await tx
		.insert(totpCredentials)
		.values({ userId, key: encodeKey(key), lastCounter: 0, enrolledAt: at })
		.onConflictDoNothing();
}

/**
 * Turns the second factor off, on proof of it at this moment: a new code from the authenticator or an
 * unused recovery code (a session that passed it hours ago is not enough, so a borrowed session
 * cannot do it). The key and the recovery codes go, and no session keeps a passed second factor.
 */
export async function disableTotp(
	user: Pick<User, 'id'>,
	proof: { code: string } | { recoveryCode: string },
	signatoryOf: string[],
	now = Date.now()
): Promise<CodeResult> {
	return write(async (tx) => {
		const gate = await throttled(tx, user.id, now);
		if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
		const [credential] = await tx.select().from(totpCredentials).where(eq(totpCredentials.userId, user.id));
		if (!credential) return { ok: false, reason: 'not_enrolled' };
		let proven: boolean;
		if ('code' in proof) {
			const counter = matchingCounter(decodeBase64(credential.key), proof.code, now);
			proven = counter !== null && counter > credential.lastCounter;
		} else {
			const typed = normaliseRecoveryCode(proof.recoveryCode.slice(0, 64));
			const used = await tx
				.update(recoveryCodes)
				.set({ usedAt: new Date(now) })
				.where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashSecret(typed)), isNull(recoveryCodes.usedAt)));
			proven = typed.length === 16 && used.rowsAffected > 0;
		}
		if (!proven) {
			await recordCodeFailure(tx, user.id, now);
			return { ok: false, reason: 'invalid' };
		}
		await tx.delete(totpCredentials).where(eq(totpCredentials.userId, user.id));
		await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
		await tx.update(sessions).set({ secondFactorAt: null }).where(eq(sessions.userId, user.id));
		await audit(
			tx,
			{ userId: user.id, organisationId: null },
			'user.totp_disabled',
			{ type: 'user', id: user.id },
			{
				proof: 'code' in proof ? 'code' : 'recovery_code',
				signatoryOf
			}
		);
		return { ok: true };
	});
}
