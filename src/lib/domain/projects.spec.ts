import { describe, expect, it } from 'vitest';
import { canMoveProject, nextProjectStatuses, projectEditable } from './projects';

describe('project lifecycle', () => {
	it('follows draft → published → consortium_formed → funded → in_progress → completed', () => {
		expect(canMoveProject('draft', 'published')).toBe(true);
		expect(canMoveProject('published', 'consortium_formed')).toBe(true);
		expect(canMoveProject('consortium_formed', 'funded')).toBe(true);
		expect(canMoveProject('funded', 'in_progress')).toBe(true);
		expect(canMoveProject('in_progress', 'completed')).toBe(true);
	});
	it('never goes back, and ends at completed or abandoned', () => {
		expect(canMoveProject('published', 'draft')).toBe(false);
		expect(canMoveProject('completed', 'abandoned')).toBe(false);
		expect(nextProjectStatuses('abandoned')).toEqual([]);
		expect(canMoveProject('draft', 'abandoned')).toBe(false);
	});
	it('lets drafts and published projects be edited only', () => {
		expect(projectEditable('draft')).toBe(true);
		expect(projectEditable('published')).toBe(true);
		expect(projectEditable('funded')).toBe(false);
	});
});
