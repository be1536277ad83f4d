import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config.js';

// Paging cursors are SIGNED, not merely checked for shape: `<payload>.<mac>`, both base64url, where the
// MAC is an HMAC-SHA256 (truncated to 128 bits) of the operation and the payload. So only a `next` value
// this API produced for this very operation passes; a hand-made or edited cursor, or one taken from
// another list, is refused (400 invalid_cursor) before it reaches a query.
//
// The key is read from `api-cursor.key` in the configured DATA_DIR, written there (32 random bytes) on
// first use: cursors stay valid across restarts and between processes that share the data directory.

const KEY_FILE = 'api-cursor.key';
const MAC_CHARS = 22; // 128 bits in base64url
/** Longer than any cursor this API writes (an id or an offset): refused before any work. */
export const MAX_CURSOR_CHARS = 200;

let key: Buffer | null = null;

function cursorKey(): Buffer {
	if (key) return key;
	const dir = config().dataDir;
	const path = join(dir, KEY_FILE);
	try {
		key = readFileSync(path);
	} catch {
		mkdirSync(dir, { recursive: true });
		// Written whole under a private name, then linked into place: another process reading at the same
		// moment sees either no key or the whole key, never a half-written file.
		const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
		writeFileSync(draft, randomBytes(32), { mode: 0o600 });
		try {
			linkSync(draft, path);
		} catch (error) {
			// Another process linked its key first: read theirs.
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		} finally {
			unlinkSync(draft);
		}
		key = readFileSync(path);
	}
	if (key.length < 16) throw new Error(`${path} holds too short a key: remove it and it is written again.`);
	return key;
}

function mac(operation: string, payload: string) {
	return createHmac('sha256', cursorKey()).update(`${operation}\n${payload}`).digest('base64url').slice(0, MAC_CHARS);
}

/** The `next` value for `payload` (an id, `o<offset>`, `s<seq>`) of the list `operation`. */
export function signCursor(operation: string, payload: string): string {
	return `${Buffer.from(payload, 'utf8').toString('base64url')}.${mac(operation, payload)}`;
}

/** The payload of a cursor this API signed for `operation`, or null for anything else. */
export function verifyCursor(operation: string, cursor: string): string | null {
	if (cursor.length > MAX_CURSOR_CHARS) return null;
	const match = /^([A-Za-z0-9_-]{1,160})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
	if (!match) return null;
	const payload = Buffer.from(match[1], 'base64url').toString('utf8');
	const expected = Buffer.from(mac(operation, payload));
	const given = Buffer.from(match[2]);
	return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}
