import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { MAX_MESSAGE_LENGTH } from '$lib/domain/conversations';

/** A message: its length is bounded before it is trimmed or looked at any further. */
export const messageSchema = v.object({
	body: v.pipe(
		v.optional(v.string(), ''),
		v.maxLength(MAX_MESSAGE_LENGTH, () => m.conv_err_too_long({ max: String(MAX_MESSAGE_LENGTH) })),
		v.trim(),
		v.nonEmpty(() => m.conv_err_empty())
	)
});
