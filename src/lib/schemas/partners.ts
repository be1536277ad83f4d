import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { interestKinds } from '$lib/domain/partners';

export const interestSchema = v.object({
	kind: v.picklist(interestKinds, () => m.err_choice()),
	message: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000, () => m.err_too_long({ max: '1000' }))), ''),
	replicaProjectId: v.pipe(
		v.optional(v.string(), ''),
		v.transform((value) => value || null)
	)
});
