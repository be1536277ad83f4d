export const roles = ['admin', 'member', 'signatory'] as const;
export type Role = (typeof roles)[number];

// Who may do what inside an organisation. Signatories may approve money; admins manage members.

export const roleOrder: readonly Role[] = ['admin', 'signatory', 'member'];

export function canManageMembers(role: Role | null | undefined): boolean {
	return role === 'admin';
}

export function canSignForOrganisation(role: Role | null | undefined): boolean {
	return role === 'signatory';
}

/**
 * Whether changing `userId`'s role to `newRole` (or removing them, `null`) would leave the
 * organisation without an admin.
 */
export function leavesNoAdmin(members: readonly { userId: string; role: Role }[], userId: string, newRole: Role | null): boolean {
	const target = members.find((m) => m.userId === userId);
	if (!target || target.role !== 'admin' || newRole === 'admin') return false;
	return !members.some((m) => m.userId !== userId && m.role === 'admin');
}
