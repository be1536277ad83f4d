import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { config, ConfigError } from './config';
import { startErrorSentence } from './start-errors';
import { connect } from './db';
import { applyMigrations } from './db/migrate';
import { importReferenceData } from './reference/import';
import { seedDemo } from './demo/seed';
import { startWorkers } from './jobs/workers';
import { reportSirenConflicts } from './organisations/trust-queries';
import { observeFollowSteps } from './observers/follow-steps';
import { boundHeapGrowth } from './heap';

let started: Promise<void> | undefined;

/**
 * Everything a start needs, in order: configuration, database, migrations, reference data, demo seed,
 * background workers. A configuration problem stops the process with one sentence.
 */
export function startPlatform(): Promise<void> {
	started ??= (async () => {
		boundHeapGrowth();
		let settings;
		try {
			settings = config();
		} catch (error) {
			if (error instanceof ConfigError) {
				console.error(`Entente cannot start: ${error.message}`);
				process.exit(1);
			}
			throw error;
		}
		try {
			await mkdir(settings.dataDir, { recursive: true });
			await access(settings.dataDir, constants.W_OK);
			await connect(settings.databaseUrl, settings.databaseAuthToken);
			await applyMigrations();
		} catch (error) {
			const sentence = startErrorSentence(error, settings);
			if (sentence) {
				console.error(`Entente cannot start: ${sentence}`);
				process.exit(1);
			}
			throw error;
		}
		observeFollowSteps();
		await reportSirenConflicts();
		await importReferenceData();
		if (settings.seedDemo) await seedDemo();
		startWorkers();
	})();
	return started;
}
