import { and, eq } from 'drizzle-orm';
import { write } from '../db';
import { sessions } from '../db/schema';
import { audit } from '../audit/audit';

/** Signs one of the user's own sessions out; false when it is not theirs or no longer exists. */
export async function revokeSession(userId: string, sessionId: string) {
	return write(async (tx) => {
		const result = await tx.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
		if (result.rowsAffected === 0) return false;
		await audit(tx, { userId, organisationId: null }, 'user.session_revoked', { type: 'user', id: userId });
		return true;
	});
}
