import * as v from 'valibot';
import { MAX_ATTACHMENT_BYTES, storePdf } from '../uploads/store';
import { evidenceFunction } from '$lib/schemas/trust';
import type { FieldErrors } from '$lib/schemas/parse';
import type { EvidenceInput } from './evidence';
import * as m from '$lib/paraglide/messages';

export const EVIDENCE_MAX_MB = String(MAX_ATTACHMENT_BYTES / 1024 / 1024);

/**
 * The function and the act's PDF sent with a form (fields `function` and `evidence`), stored; or the
 * field errors. Nothing is stored unless both are right. `required: false` accepts neither being sent.
 */
export async function evidenceFromForm(
	form: FormData,
	options: { required: boolean } = { required: true }
): Promise<{ ok: true; evidence: EvidenceInput | null } | { ok: false; errors: FieldErrors }> {
	const upload = form.get('evidence');
	const file = upload instanceof File && upload.size > 0 ? upload : null;
	const functionText = String(form.get('function') ?? '');
	if (!options.required && !file && functionText.trim() === '') return { ok: true, evidence: null };
	const errors: FieldErrors = {};
	const parsedFunction = v.safeParse(evidenceFunction, functionText);
	if (!parsedFunction.success) errors.function = parsedFunction.issues[0].message;
	if (!file) errors.evidence = m.trust_err_evidence_required();
	else if (Object.keys(errors).length) errors.evidence = m.attach_reselect();
	if (Object.keys(errors).length || !file || !parsedFunction.success) return { ok: false, errors };
	const stored = await storePdf(file);
	if (!stored.ok) {
		return {
			ok: false,
			errors: { evidence: stored.code === 'too_large' ? m.trust_err_evidence_too_large({ max: EVIDENCE_MAX_MB }) : m.trust_err_evidence_not_pdf() }
		};
	}
	return { ok: true, evidence: { function: parsedFunction.output, file: stored.file, fileName: stored.name } };
}
