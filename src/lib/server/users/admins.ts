import { eq } from 'drizzle-orm';
import { write } from '../db';
import { users } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { normaliseEmail } from './accounts';

/** Makes an existing account a platform administrator; false when no account has that address. */
export async function grantPlatformAdmin(email: string) {
	return write(async (tx) => {
		const [user] = await tx
			.select()
			.from(users)
			.where(eq(users.email, normaliseEmail(email)));
		if (!user) return false;
		if (!user.isPlatformAdmin) {
			await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, user.id));
			await audit(tx, platformActor, 'user.platform_admin_granted', { type: 'user', id: user.id });
		}
		return true;
	});
}
