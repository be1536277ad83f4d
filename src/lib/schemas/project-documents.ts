import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { MAX_DOCUMENT_TITLE } from '$lib/domain/project-documents';

const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((value) => value === 'on' || value === 'true' || value === 'yes')
);

/** The fields beside the file: the title shown, and whether replications copy it. */
export const projectDocumentSchema = v.object({
	title: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.nonEmpty(() => m.projdoc_err_title()),
		v.maxLength(MAX_DOCUMENT_TITLE, () => m.projdoc_err_title())
	),
	reusable: checkbox
});

export const projectDocumentChoiceSchema = v.object({
	documentId: v.pipe(v.string(), v.regex(/^[a-z0-9]{1,40}$/)),
	reusable: checkbox
});
