import * as m from '$lib/paraglide/messages';
import { MAX_ATTACHMENT_BYTES, type StoredFile } from './store';

/** Why an uploaded PDF was not kept, or none was chosen: the message beside the form's file field. */
export type UploadRefusal = Extract<StoredFile, { ok: false }>['code'] | 'no_file';

export function uploadRefusal(code: UploadRefusal): string {
	const messages = {
		too_large: () => m.attach_err_too_large({ max: String(MAX_ATTACHMENT_BYTES / 1024 / 1024) }),
		not_pdf: () => m.attach_err_not_pdf(),
		empty: () => m.attach_err_empty(),
		no_file: () => m.calldoc_err_no_file()
	} satisfies Record<UploadRefusal, () => string>;
	return messages[code]();
}
