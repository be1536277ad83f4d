import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../config';
import { isReadablePdf } from './pdf-check';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const PDF_MAGIC = Buffer.from('%PDF-');

export type StoredFile = { ok: true; file: string; name: string; size: number; sha256: string } | { ok: false; code: 'too_large' | 'not_pdf' | 'empty' };

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Keeps an uploaded PDF under UPLOAD_DIR with a random name. What counts is the file itself, parsed,
 * not its name or the type the browser claims; an empty file is refused.
 */
export async function storePdf(upload: File): Promise<StoredFile> {
	if (upload.size > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_large' };
	const bytes = Buffer.from(await upload.arrayBuffer());
	if (bytes.length === 0) return { ok: false, code: 'empty' };
	if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_large' };
	if (!bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return { ok: false, code: 'not_pdf' };
	if (!(await isReadablePdf(bytes))) return { ok: false, code: 'not_pdf' };
	const dir = config().uploadDir;
	await mkdir(dir, { recursive: true });
	const file = `${randomBytes(16).toString('hex')}.pdf`;
	await writeFile(join(dir, file), bytes, { mode: 0o600 });
	const base = (upload.name || 'document')
		.replace(/\.pdf$/i, '')
		.replace(/[^\p{L}\p{N} ._()-]/gu, '_')
		.slice(0, 116);
	const name = `${base || 'document'}.pdf`;
	return { ok: true, file, name, size: bytes.length, sha256: sha256Hex(bytes) };
}

export function readStoredFile(file: string) {
	if (!/^[0-9a-f]{32}\.pdf$/.test(file)) throw new Error('invalid stored file name');
	return readFile(join(config().uploadDir, file));
}

export async function removeStoredFile(file: string | null | undefined) {
	if (file && /^[0-9a-f]{32}\.pdf$/.test(file)) await rm(join(config().uploadDir, file), { force: true });
}
