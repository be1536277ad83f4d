// npm run db:backup [-- --dir <folder>]
// Copies the embedded database, while the platform runs, into DATA_DIR/backups (or --dir) as
// entente-<UTC time>.db, checked. How to restore one: README, "Backups".
import { join } from 'node:path';
import { config, ConfigError } from '../config';
import { BackupError, backupDatabase } from '../db/backup';

const dirAt = process.argv.indexOf('--dir');
try {
	const { databaseUrl, dataDir } = config();
	const dir = dirAt > 0 ? process.argv[dirAt + 1] : join(dataDir, 'backups');
	const started = Date.now();
	const { file, bytes } = await backupDatabase(databaseUrl, dir);
	console.log(`✓ ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s): integrity checked.`);
} catch (error) {
	console.error(error instanceof ConfigError || error instanceof BackupError ? `Cannot back up: ${error.message}` : error);
	process.exitCode = 1;
}
