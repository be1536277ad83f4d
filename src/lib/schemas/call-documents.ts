import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { MAX_CALL_DOCUMENT_NOTE } from '$lib/domain/call-documents';

const optional = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, () => m.err_too_long({ max: String(max) }))
	);

/** The fields beside the file: its title (else the file's name) and what changes. */
export const callDocumentSchema = v.object({
	name: optional(120),
	note: optional(MAX_CALL_DOCUMENT_NOTE)
});

export const removeCallDocumentSchema = v.object({
	documentId: v.pipe(v.string(), v.nonEmpty()),
	note: optional(MAX_CALL_DOCUMENT_NOTE)
});
