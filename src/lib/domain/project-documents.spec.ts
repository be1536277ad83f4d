import { describe, expect, it } from 'vitest';
import { mayChangeProjectDocuments, mayReadProjectDocuments } from './project-documents';

describe('project documents', () => {
	it('are changed by the proposer’s members while the project is not abandoned', () => {
		expect(mayChangeProjectDocuments('member', 'draft')).toBe(true);
		expect(mayChangeProjectDocuments('admin', 'completed')).toBe(true);
		expect(mayChangeProjectDocuments('admin', 'abandoned')).toBe(false);
		expect(mayChangeProjectDocuments(null, 'published')).toBe(false);
	});

	it('are public with the project, a draft’s for its members and the platform admins', () => {
		expect(mayReadProjectDocuments('published', false, false)).toBe(true);
		expect(mayReadProjectDocuments('draft', false, false)).toBe(false);
		expect(mayReadProjectDocuments('draft', true, false)).toBe(true);
		expect(mayReadProjectDocuments('draft', false, true)).toBe(true);
	});
});
