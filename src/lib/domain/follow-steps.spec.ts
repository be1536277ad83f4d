import { describe, expect, it } from 'vitest';
import { followedObjectOf } from './follow-steps';

describe('the steps followers of a consortium or a fund hear of', () => {
	it('finds the consortium or the fund of a followed step', () => {
		expect(followedObjectOf('consortium.active', { type: 'consortium', id: 'c1' }, {})).toEqual({ type: 'consortium', id: 'c1', step: 'consortium.active' });
		expect(followedObjectOf('fund.funded', { type: 'fund', id: 'f1' }, {})).toEqual({ type: 'fund', id: 'f1', step: 'fund.funded' });
		expect(followedObjectOf('project.document_added', { type: 'project', id: 'x' }, {})).toEqual({ type: 'project', id: 'x', step: 'project.document_added' });
	});

	it('finds the fund of a pledge from the event details', () => {
		expect(followedObjectOf('pledge.approved', { type: 'pledge', id: 'p1' }, { fundId: 'f1' })).toEqual({ type: 'fund', id: 'f1', step: 'pledge.approved' });
		expect(followedObjectOf('pledge.approved', { type: 'pledge', id: 'p1' }, {})).toBeNull();
	});

	it('keeps private steps and other objects to themselves', () => {
		expect(followedObjectOf('pledge.entered', { type: 'pledge', id: 'p1' }, { fundId: 'f1' })).toBeNull();
		expect(followedObjectOf('consortium.coordinator_proposed', { type: 'consortium', id: 'c1' }, {})).toBeNull();
		expect(followedObjectOf('project.published', { type: 'project', id: 'x' }, {})).toBeNull();
		expect(followedObjectOf('toString', { type: 'fund', id: 'f1' }, {})).toBeNull();
	});
});
