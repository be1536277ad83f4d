// npm run ledger:verify [-- --url http://localhost:3000]
// Recomputes every fund's totals from its ledger entries and compares them with what the pages and the
// API show (and, with --url, with a running platform's public API). Exits 1 on any difference.
import { countOf } from '../../domain/intl';
import { ConfigError } from '../config';
import { connect, disconnect } from '../db';
import { applyMigrations } from '../db/migrate';
import { verifyLedger } from '../funds/verify';

const urlAt = process.argv.indexOf('--url');
const apiBase = urlAt > 0 ? process.argv[urlAt + 1] : undefined;
try {
	await connect();
	await applyMigrations();
	const { funds, entries, differences } = await verifyLedger({ apiBase });
	for (const d of differences) {
		console.log(`✗ ${d.fundName} (${d.fundId}) — ${d.what}: ledger says ${d.ledger}, shown ${d.shown}`);
	}
	if (differences.length) {
		console.error(
			`${countOf(differences.length, 'difference', 'differences')} in ${countOf(funds, 'fund', 'funds')}, ${countOf(entries, 'ledger entry', 'ledger entries')}.`
		);
		process.exitCode = 1;
	} else {
		console.log(
			`✓ ${countOf(funds, 'fund', 'funds')}, ${countOf(entries, 'ledger entry', 'ledger entries')}: every total agrees with the ledger${apiBase ? ` and with ${apiBase}` : ''}.`
		);
	}
} catch (error) {
	console.error(error instanceof ConfigError ? `Cannot run: ${error.message}` : error);
	process.exitCode = 1;
} finally {
	disconnect();
}
