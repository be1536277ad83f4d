// What every form that uploads a PDF does before its command: refuse a body larger than any PDF kept before reading
// it, tell "no file chosen" from "an empty file chosen", and check and store the file (uploads/store.ts).

import { MAX_ATTACHMENT_BYTES, storeUploadedPdf, type StoredFile } from './store';

/** A request whose body is larger than any PDF kept (with room for the form's other fields): refused unread. */
export function bodyTooLarge(request: Request): boolean {
	return Number(request.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024;
}

/**
 * The PDF chosen in `field`, checked and stored, or why not. No file chosen comes as a nameless empty part
 * ('no_file'); a chosen file that is empty has a name, and is refused as empty.
 */
export async function storeChosenPdf(form: FormData, field: string): Promise<StoredFile | { ok: false; code: 'no_file' }> {
	const upload = form.get(field);
	if (!(upload instanceof File) || (upload.size === 0 && upload.name === '')) return { ok: false, code: 'no_file' };
	return storeUploadedPdf(upload);
}
