// The platform's datasets, for the /donnees page and its DCAT-AP catalogue (/donnees/catalog.json):
// what each one holds, where its files are, and when it last changed. Licence Ouverte 2.0 for all.

import { desc, max, ne } from 'drizzle-orm';
import { db } from '../db';
import { calls, consortia, funds, ledgerEntries, projects } from '../db/schema';
import { subsidyExport } from './subventions';
import { deliberations } from './deliberations';

export const LICENCE_URL = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';

export interface Distribution {
	format: 'CSV' | 'JSON';
	mediaType: string;
	path: string;
	conformsTo?: string;
}

export interface Dataset {
	id: string;
	kind: 'subsidies' | 'deliberations' | 'ledger' | 'projects' | 'calls' | 'consortia';
	/** A fund's name for its ledger. */
	name?: string;
	updatedAt: Date | null;
	distributions: Distribution[];
}

const csv = (path: string, conformsTo?: string): Distribution => ({ format: 'CSV', mediaType: 'text/csv', path, conformsTo });
const json = (path: string, conformsTo?: string): Distribution => ({ format: 'JSON', mediaType: 'application/json', path, conformsTo });
const SCDL = 'https://schema.data.gouv.fr/scdl/subventions/2.1.1/';

export async function datasets(): Promise<Dataset[]> {
	const q = db();
	const [delibs, subsidies, [projectsAt], [callsAt], [consortiaAt], fundRows, ledgerAt] = await Promise.all([
		deliberations(q),
		subsidyExport(null, q),
		q
			.select({ at: max(projects.updatedAt) })
			.from(projects)
			.where(ne(projects.status, 'draft')),
		q
			.select({ at: max(calls.updatedAt) })
			.from(calls)
			.where(ne(calls.status, 'draft')),
		q.select({ at: max(consortia.updatedAt) }).from(consortia),
		q.select({ id: funds.id, name: funds.name, updatedAt: funds.updatedAt }).from(funds).where(ne(funds.status, 'draft')).orderBy(desc(funds.createdAt)),
		q
			.select({ fundId: ledgerEntries.fundId, at: max(ledgerEntries.at) })
			.from(ledgerEntries)
			.groupBy(ledgerEntries.fundId)
	]);
	const lastEntry = new Map(ledgerAt.map((r) => [r.fundId, r.at]));
	return [
		{
			id: 'subventions',
			kind: 'subsidies',
			updatedAt: subsidies.updatedAt,
			distributions: [csv('/donnees/subventions.csv', SCDL), json('/donnees/subventions.json', SCDL)]
		},
		{
			id: 'deliberations',
			kind: 'deliberations',
			updatedAt: delibs.length ? new Date(`${delibs[0].date}T12:00:00Z`) : null,
			distributions: [csv('/donnees/deliberations.csv'), json('/donnees/deliberations.json')]
		},
		{ id: 'projets', kind: 'projects', updatedAt: projectsAt?.at ?? null, distributions: [json('/api/v1/projects')] },
		{ id: 'appels', kind: 'calls', updatedAt: callsAt?.at ?? null, distributions: [json('/api/v1/calls')] },
		{ id: 'groupements', kind: 'consortia', updatedAt: consortiaAt?.at ?? null, distributions: [json('/api/v1/consortia')] },
		...fundRows.map((f): Dataset => ({
			id: `registre-${f.id}`,
			kind: 'ledger',
			name: f.name,
			updatedAt: lastEntry.get(f.id) ?? f.updatedAt,
			distributions: [csv(`/funds/${f.id}/ledger.csv`)]
		}))
	];
}
