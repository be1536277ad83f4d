import { describe, expect, it } from 'vitest';
import { questionsCloseAt, questionsDateProblem } from './call-questions';

describe('questions close', () => {
	const closesAt = new Date('2026-06-30T16:00:00Z');
	it('7 days before the deadline unless the call sets a date', () => {
		expect(questionsCloseAt({ closesAt, questionsCloseAt: null }).toISOString()).toBe('2026-06-23T16:00:00.000Z');
		expect(questionsCloseAt({ closesAt, questionsCloseAt: new Date('2026-06-28T10:00:00Z') }).toISOString()).toBe('2026-06-28T10:00:00.000Z');
	});
	it('a set date falls between the opening and the deadline', () => {
		const opensAt = new Date('2026-06-01T00:00:00Z');
		expect(questionsDateProblem(opensAt, closesAt, new Date('2026-07-01T00:00:00Z'))).toBe('questions_after_deadline');
		expect(questionsDateProblem(opensAt, closesAt, new Date('2026-05-01T00:00:00Z'))).toBe('questions_before_opening');
		expect(questionsDateProblem(opensAt, closesAt, null)).toBeNull();
	});
});
