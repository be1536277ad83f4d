import { MAX_ATTACHMENT_BYTES, storeUploadedPdf } from '$lib/server/uploads/store';
import { uploadRefusal } from '$lib/server/uploads/refusals';
import type { MessageAttachment } from '$lib/server/conversations/commands';

// A message's optional PDF, under the rules of every uploaded PDF (uploads/store): size and claimed type first,
// then the bytes parsed as a PDF.

/** Whether the request is larger than a message with its largest attachment: refused before it is read. */
export function bodyTooLarge(request: Request) {
	return Number(request.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024;
}

export const tooLargeMessage = () => uploadRefusal('too_large');

/** Keeps the form's `attachment` if one was chosen; none chosen comes as a nameless empty part. */
export async function keepAttachment(form: FormData): Promise<{ ok: true; attachment: MessageAttachment | null } | { ok: false; message: string }> {
	const upload = form.get('attachment');
	if (!(upload instanceof File) || (upload.size === 0 && upload.name === '')) return { ok: true, attachment: null };
	const stored = await storeUploadedPdf(upload);
	if (!stored.ok) return { ok: false, message: uploadRefusal(stored.code) };
	return { ok: true, attachment: { file: stored.file, name: stored.name, size: stored.size } };
}

export const MAX_ATTACHMENT_MB = String(MAX_ATTACHMENT_BYTES / 1024 / 1024);
