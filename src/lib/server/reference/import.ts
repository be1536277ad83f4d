import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { InStatement, InValue } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { db, rawClient } from '../db';
import { withWriteLock } from '../db/write-lock';
import { referenceImports } from '../db/schema';
import { foldForSearch } from '../../domain/text';

const DATASET = '@etalab/decoupage-administratif';
const require = createRequire(import.meta.url);

async function readDataset<T>(file: string): Promise<T> {
	return JSON.parse(await readFile(require.resolve(`${DATASET}/data/${file}`), 'utf8')) as T;
}

interface RawCommune {
	code: string;
	nom: string;
	type: string;
	siren?: string;
	departement: string;
	region: string;
	population?: number;
	codesPostaux?: string[];
}
interface RawEpci {
	code: string;
	nom: string;
	type: string;
	populationTotale?: number;
	membres: { code: string }[];
}

/** Multi-row INSERTs of at most `rowsPerStatement` rows: one statement per row is far too slow. */
function insertRows(table: string, columns: string[], rows: unknown[][], rowsPerStatement = 400): InStatement[] {
	const statements: InStatement[] = [];
	const tuple = `(${columns.map(() => '?').join(',')})`;
	for (let i = 0; i < rows.length; i += rowsPerStatement) {
		const chunk = rows.slice(i, i + rowsPerStatement);
		statements.push({
			sql: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`,
			args: chunk.flat() as InValue[]
		});
	}
	return statements;
}

export async function referenceDataVersion(): Promise<string> {
	const pkg = JSON.parse(await readFile(require.resolve(`${DATASET}/package.json`), 'utf8'));
	return String(pkg.version);
}

/**
 * Imports régions, départements, communes (commune-actuelle) and EPCI with their members, unless this
 * version of the dataset was imported already. Returns the counts, or null when nothing was done.
 */
export async function importReferenceData(log: (line: string) => void = console.info) {
	const version = await referenceDataVersion();
	const [done] = await db().select().from(referenceImports).where(eq(referenceImports.dataset, DATASET));
	if (done?.version === version) return null;

	const started = Date.now();
	log(`reference data: importing ${DATASET} ${version}…`);
	const [regions, departements, allCommunes, epcis] = await Promise.all([
		readDataset<{ code: string; nom: string }[]>('regions.json'),
		readDataset<{ code: string; nom: string; region: string }[]>('departements.json'),
		readDataset<RawCommune[]>('communes.json'),
		readDataset<RawEpci[]>('epci.json')
	]);
	const communes = allCommunes.filter((c) => c.type === 'commune-actuelle');
	const members = epcis.flatMap((e) => e.membres.map((m) => [e.code, m.code]));

	const statements: InStatement[] = [
		'DELETE FROM epci_members',
		'DELETE FROM epcis',
		'DELETE FROM communes',
		'DELETE FROM departements',
		'DELETE FROM regions',
		...insertRows(
			'regions',
			['code', 'name'],
			regions.map((r) => [r.code, r.nom])
		),
		...insertRows(
			'departements',
			['code', 'name', 'region_code'],
			departements.map((d) => [d.code, d.nom, d.region])
		),
		...insertRows(
			'communes',
			['insee_code', 'name', 'search_name', 'siren', 'departement_code', 'region_code', 'population', 'postal_codes'],
			communes.map((c) => [
				c.code,
				c.nom,
				foldForSearch(c.nom),
				c.siren ?? null,
				c.departement,
				c.region,
				c.population ?? null,
				(c.codesPostaux ?? []).join(' ')
			])
		),
		...insertRows(
			'epcis',
			['siren', 'name', 'search_name', 'nature', 'population'],
			epcis.map((e) => [e.code, e.nom, foldForSearch(e.nom), e.type, e.populationTotale ?? null])
		),
		...insertRows('epci_members', ['epci_siren', 'commune_insee_code'], members),
		{
			sql: `INSERT INTO reference_imports (dataset, version, row_count, imported_at) VALUES (?, ?, ?, ?)
			      ON CONFLICT (dataset) DO UPDATE SET version = excluded.version, row_count = excluded.row_count, imported_at = excluded.imported_at`,
			args: [DATASET, version, communes.length + epcis.length, Date.now()]
		}
	];
	await withWriteLock(() => rawClient().batch(statements, 'write'));
	const counts = {
		regions: regions.length,
		departements: departements.length,
		communes: communes.length,
		epcis: epcis.length,
		epciMembers: members.length
	};
	log(
		`reference data: ${counts.communes} communes, ${counts.departements} départements, ${counts.regions} régions, ` +
			`${counts.epcis} EPCI in ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
	return counts;
}
