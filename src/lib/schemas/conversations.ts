import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH } from '$lib/domain/conversations';

/** A message: its length is bounded before it is trimmed or looked at any further. */
export const messageSchema = v.object({
	body: v.pipe(
		v.optional(v.string(), ''),
		v.maxLength(MAX_MESSAGE_LENGTH, () => m.conv_err_too_long({ max: String(MAX_MESSAGE_LENGTH) })),
		v.trim(),
		v.nonEmpty(() => m.conv_err_empty())
	)
});

/** A consortium thread's first message, with its subject. */
export const consortiumThreadSchema = v.object({
	subject: v.pipe(
		v.optional(v.string(), ''),
		v.maxLength(MAX_SUBJECT_LENGTH, () => m.conv_err_subject_too_long({ max: String(MAX_SUBJECT_LENGTH) })),
		v.trim(),
		v.nonEmpty(() => m.conv_err_subject_empty())
	),
	body: messageSchema.entries.body
});
