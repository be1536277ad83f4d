import { describe, expect, it } from 'vitest';
import { canManageMembers, canSignForOrganisation, leavesNoAdmin } from './roles';

const members = [
	{ userId: 'a', role: 'admin' as const },
	{ userId: 'b', role: 'member' as const },
	{ userId: 'c', role: 'signatory' as const }
];

describe('role rules', () => {
	it('lets only admins manage members', () => {
		expect(canManageMembers('admin')).toBe(true);
		expect(canManageMembers('member')).toBe(false);
		expect(canManageMembers('signatory')).toBe(false);
		expect(canManageMembers(null)).toBe(false);
	});

	it('lets only signatories sign', () => {
		expect(canSignForOrganisation('signatory')).toBe(true);
		expect(canSignForOrganisation('admin')).toBe(false);
	});

	it('refuses to remove or demote the last admin', () => {
		expect(leavesNoAdmin(members, 'a', null)).toBe(true);
		expect(leavesNoAdmin(members, 'a', 'member')).toBe(true);
	});

	it('allows it when another admin remains', () => {
		const two = [...members, { userId: 'd', role: 'admin' as const }];
		expect(leavesNoAdmin(two, 'a', null)).toBe(false);
	});

	it('does not concern other members', () => {
		expect(leavesNoAdmin(members, 'b', null)).toBe(false);
		expect(leavesNoAdmin(members, 'a', 'admin')).toBe(false);
		expect(leavesNoAdmin(members, 'zz', null)).toBe(false);
	});
});
