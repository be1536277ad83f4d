// When a call stops taking questions: the date its publisher set, or by default 7 days before its deadline.

const DAY_MS = 86_400_000;
export const DEFAULT_QUESTIONS_LEAD_DAYS = 7;

export function questionsCloseAt(call: { closesAt: Date; questionsCloseAt: Date | null }): Date {
	return call.questionsCloseAt ?? new Date(call.closesAt.getTime() - DEFAULT_QUESTIONS_LEAD_DAYS * DAY_MS);
}

/** A set date must fall before the deadline (and after the opening). */
export function questionsDateProblem(
	opensAt: Date,
	closesAt: Date,
	questionsClose: Date | null
): 'questions_after_deadline' | 'questions_before_opening' | null {
	if (!questionsClose) return null;
	if (questionsClose.getTime() > closesAt.getTime()) return 'questions_after_deadline';
	if (questionsClose.getTime() < opensAt.getTime()) return 'questions_before_opening';
	return null;
}
