// Conversations between organisations: who may read and write, and what a message may be, as pure rules.

export const MAX_MESSAGE_LENGTH = 5000;
export const MAX_SUBJECT_LENGTH = 200;

export type ConversationRefusal = 'not_found' | 'not_a_party' | 'not_a_consortium_member' | 'empty' | 'too_long' | 'subject_empty' | 'subject_too_long';

/**
 * The party a person reads and writes a conversation as: one of the conversation's organisations of
 * which they are a CURRENT member (the one they act as when they belong to several), or null: then
 * the conversation does not exist for them. The platform's administrators are no exception.
 */
export function conversationParty(partyIds: readonly string[], memberOf: readonly string[], actingId: string | null): string | null {
	const mine = partyIds.filter((id) => memberOf.includes(id));
	if (mine.length === 0) return null;
	return actingId && mine.includes(actingId) ? actingId : mine[0];
}

/** A message's body, trimmed, or why it is refused; its length is bounded before any other work. */
export function messageBody(raw: string): { ok: true; body: string } | { ok: false; code: 'empty' | 'too_long' } {
	if (raw.length > MAX_MESSAGE_LENGTH) return { ok: false, code: 'too_long' };
	const body = raw.trim();
	return body ? { ok: true, body } : { ok: false, code: 'empty' };
}

/** A consortium thread's subject, trimmed, or why it is refused; bounded before it is trimmed. */
export function conversationSubject(raw: string): { ok: true; subject: string } | { ok: false; code: 'subject_empty' | 'subject_too_long' } {
	if (raw.length > MAX_SUBJECT_LENGTH) return { ok: false, code: 'subject_too_long' };
	const subject = raw.trim();
	return subject ? { ok: true, subject } : { ok: false, code: 'subject_empty' };
}
