import { describe, expect, it } from 'vitest';
import { OUTBOX_MAX_OVERDUE_MS, outboxProblem } from './outbox-health';

const now = new Date('2026-12-03T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('outbox health', () => {
	it('is fine with an empty outbox, or mail waiting for its next try', () => {
		expect(outboxProblem({ oldestDueAt: null, sent: 0, failing: 0 }, now)).toBeNull();
		expect(outboxProblem({ oldestDueAt: ago(60_000), sent: 10, failing: 0 }, now)).toBeNull();
		// A retry scheduled in the future is not overdue.
		expect(outboxProblem({ oldestDueAt: new Date(now.getTime() + 3_600_000), sent: 10, failing: 1 }, now)).toBeNull();
	});

	it('is fine when one address bounces while the rest gets out, however often it failed', () => {
		expect(outboxProblem({ oldestDueAt: new Date(now.getTime() + 6 * 3_600_000), sent: 40, failing: 1 }, now)).toBeNull();
		expect(outboxProblem({ oldestDueAt: null, sent: 40, failing: 2 }, now)).toBeNull();
	});

	it('fails when a due email has waited past the limit: nothing drains the outbox', () => {
		expect(outboxProblem({ oldestDueAt: ago(OUTBOX_MAX_OVERDUE_MS), sent: 5, failing: 0 }, now)).toBeNull();
		expect(outboxProblem({ oldestDueAt: ago(OUTBOX_MAX_OVERDUE_MS + 1), sent: 5, failing: 0 }, now)).toBe('overdue');
	});

	it('fails when most recent mail fails: the transport is down', () => {
		expect(outboxProblem({ oldestDueAt: null, sent: 0, failing: 3 }, now)).toBe('failing');
		expect(outboxProblem({ oldestDueAt: null, sent: 3, failing: 3 }, now)).toBe('failing');
		expect(outboxProblem({ oldestDueAt: null, sent: 4, failing: 3 }, now)).toBeNull();
	});
});
