import * as m from '$lib/paraglide/messages';
import { MAX_ATTACHMENT_BYTES, type StoredFile } from './store';
import type { RefusalTable } from '../shared/refusal';

/** Why an uploaded PDF was not kept, or none was chosen: the message beside the form's file field. */
export type UploadRefusal = Extract<StoredFile, { ok: false }>['code'] | 'no_file';

export function uploadRefusal(code: UploadRefusal): string {
	return uploadRefusals('file')[code].message({});
}

/** The entries of an aggregate's refusal table for the PDF a form uploads in `field`. */
export function uploadRefusals(field: string): RefusalTable<UploadRefusal> {
	return {
		too_large: { message: () => m.attach_err_too_large({ max: String(MAX_ATTACHMENT_BYTES / 1024 / 1024) }), status: 400, field },
		not_pdf: { message: () => m.attach_err_not_pdf(), status: 400, field },
		empty: { message: () => m.attach_err_empty(), status: 400, field },
		no_file: { message: () => m.calldoc_err_no_file(), status: 400, field }
	};
}
