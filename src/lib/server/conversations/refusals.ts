import * as m from '$lib/paraglide/messages';
import { MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH, type ConversationRefusal } from '../../domain/conversations';

const messages = {
	not_found: () => m.conv_err_not_found(),
	not_a_party: () => m.conv_err_not_a_party(),
	not_a_consortium_member: () => m.conv_err_not_a_consortium_member(),
	empty: () => m.conv_err_empty(),
	too_long: () => m.conv_err_too_long({ max: String(MAX_MESSAGE_LENGTH) }),
	subject_empty: () => m.conv_err_subject_empty(),
	subject_too_long: () => m.conv_err_subject_too_long({ max: String(MAX_SUBJECT_LENGTH) })
} satisfies Record<ConversationRefusal, () => string>;

/** The message for a refused conversation command, in the reader's language. */
export function conversationRefusalMessage(code: ConversationRefusal): string {
	return messages[code]();
}
