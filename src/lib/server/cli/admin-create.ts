// npm run admin:create -- <email>
// Makes the account with this address a platform administrator. The person signs up first.
import { ConfigError } from '../config';
import { connect, disconnect } from '../db';
import { applyMigrations } from '../db/migrate';
import { grantPlatformAdmin } from '../users/admins';

const email = process.argv[2];
if (!email || !email.includes('@')) {
	console.error('Usage: npm run admin:create -- <email of an existing account>');
	process.exit(2);
}
try {
	await connect();
	await applyMigrations();
	if (await grantPlatformAdmin(email)) {
		console.log(`${email} is now a platform administrator.`);
	} else {
		console.error(`No account uses ${email}: sign up with it first, then run this again.`);
		process.exitCode = 1;
	}
} catch (error) {
	console.error(error instanceof ConfigError ? `Cannot run: ${error.message}` : error);
	process.exitCode = 1;
} finally {
	disconnect();
}
