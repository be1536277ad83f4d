import type { Role } from './roles';
import type { CallStatus } from './calls';

export const callChangeKinds = ['document_added', 'document_removed'] as const;
export type CallChangeKind = (typeof callChangeKinds)[number];

/** A call carries at most this many documents at once. */
export const MAX_CALL_DOCUMENTS = 10;
export const MAX_CALL_DOCUMENT_NOTE = 500;

/**
 * Who may add or remove a call's documents: any member of the publisher while the call is a draft;
 * once open, only an admin, since every change is then public and sent to those preparing a response.
 * After the deadline the documents are the record of what startups answered, and no longer change.
 */
export function mayChangeCallDocuments(role: Role | null | undefined, status: CallStatus): boolean {
	if (!role) return false;
	if (status === 'draft') return true;
	return status === 'open' && role === 'admin';
}

/** A change is dated on the page and notified only once the call is public. */
export function isPublicChange(status: CallStatus): boolean {
	return status !== 'draft';
}

/** The name a document is shown and downloaded as: the title given, made safe, or the file's own. */
export function documentFileName(given: string, fallback: string): string {
	const base = given
		.trim()
		.slice(0, 120)
		.replace(/\.pdf$/i, '')
		.replace(/[^\p{L}\p{N} ._()'’-]/gu, '_')
		.trim();
	return base ? `${base}.pdf` : fallback;
}
