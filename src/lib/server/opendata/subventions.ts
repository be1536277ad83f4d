// Every approved disbursement as SCDL subventions 2.1.1 rows: one row per disbursement and per member
// whose money paid it (nomAttribuant), the member's share of the money the fund had received before it
// (pourcentageSubvention, adding up to exactly 1 for each disbursement) and the disbursement's total
// (montant, the ledger's amount to the cent, as the schema wants the total before any split).
// Only what the public fund page shows is used: no pledge note, no response content.

import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { disbursements, funds, ledgerEntries, organisations, projects, responses, subsidyRecords } from '../db/schema';
import { centsToDecimal } from '../../domain/funds';
import { bpToDecimal, sharesBp, subsidyObject } from '../../domain/opendata/subsidy';
import { scdlSubventionsColumns, type ScdlSubventionRow } from '../../domain/opendata/scdl';
import { toCsv, type CsvColumn } from '../../domain/csv';

export interface SubsidyExport {
	rows: ScdlSubventionRow[];
	/** Rows left out because an organisation has not given its SIRET yet (the schema requires it). */
	withheld: number;
	/** When the newest disbursement in it was approved. */
	updatedAt: Date | null;
}

export type SubsidyScope = { fundId: string } | { organisationId: string } | null;

export async function subsidyExport(scope: SubsidyScope, q: Queryable = db()): Promise<SubsidyExport> {
	const approved = await q
		.select({ disbursement: disbursements, record: subsidyRecords })
		.from(disbursements)
		.innerJoin(subsidyRecords, eq(subsidyRecords.disbursementId, disbursements.id))
		.innerJoin(funds, eq(funds.id, disbursements.fundId))
		.where(and(eq(disbursements.status, 'approved'), ne(funds.status, 'draft'), scope && 'fundId' in scope ? eq(funds.id, scope.fundId) : undefined))
		.orderBy(asc(disbursements.decidedAt), asc(disbursements.id));
	if (!approved.length) return { rows: [], withheld: 0, updatedAt: null };

	const fundIds = [...new Set(approved.map((a) => a.disbursement.fundId))];
	const entries = await q
		.select({
			seq: ledgerEntries.seq,
			fundId: ledgerEntries.fundId,
			kind: ledgerEntries.kind,
			from: ledgerEntries.fromBucket,
			to: ledgerEntries.toBucket,
			amountCents: ledgerEntries.amountCents,
			organisationId: ledgerEntries.organisationId,
			disbursementId: ledgerEntries.disbursementId
		})
		.from(ledgerEntries)
		.where(inArray(ledgerEntries.fundId, fundIds))
		.orderBy(asc(ledgerEntries.seq));

	// Beneficiaries: the organisation proposing the project, or the startup whose response was selected.
	const projectIds = approved.map((a) => a.disbursement.projectId).filter((id): id is string => Boolean(id));
	const responseIds = approved.map((a) => a.disbursement.responseId).filter((id): id is string => Boolean(id));
	const projectOwners = projectIds.length
		? await q.select({ id: projects.id, organisationId: projects.proposerOrganisationId }).from(projects).where(inArray(projects.id, projectIds))
		: [];
	const responseOwners = responseIds.length
		? await q.select({ id: responses.id, organisationId: responses.startupOrganisationId }).from(responses).where(inArray(responses.id, responseIds))
		: [];
	const ownerOf = new Map([...projectOwners, ...responseOwners].map((r) => [r.id, r.organisationId]));

	const organisationIds = new Set<string>([...ownerOf.values()]);
	for (const e of entries) if (e.organisationId) organisationIds.add(e.organisationId);
	const orgs = await q
		.select({ id: organisations.id, name: organisations.name, siret: organisations.siret })
		.from(organisations)
		.where(inArray(organisations.id, [...organisationIds]));
	const orgById = new Map(orgs.map((o) => [o.id, o]));

	const rows: ScdlSubventionRow[] = [];
	let withheld = 0;
	let updatedAt: Date | null = null;
	for (const { disbursement: d, record } of approved) {
		const paidAt = entries.find((e) => e.kind === 'disburse' && e.disbursementId === d.id);
		if (!paidAt) continue;
		// Each member's money in the fund's account when it was paid out: receipts less refunds.
		const contributed = new Map<string, number>();
		for (const e of entries) {
			if (e.fundId !== d.fundId || e.seq >= paidAt.seq || !e.organisationId) continue;
			if (e.to === 'cash') contributed.set(e.organisationId, (contributed.get(e.organisationId) ?? 0) + e.amountCents);
			else if (e.from === 'cash' && e.kind === 'refund') contributed.set(e.organisationId, (contributed.get(e.organisationId) ?? 0) - e.amountCents);
		}
		const members = [...contributed].filter(([, cents]) => cents > 0);
		const shares = sharesBp(members.map(([, cents]) => cents));
		const beneficiary = orgById.get(ownerOf.get(d.projectId ?? d.responseId ?? '') ?? '');
		members.forEach(([organisationId], i) => {
			if (scope && 'organisationId' in scope && scope.organisationId !== organisationId) return;
			const attributor = orgById.get(organisationId);
			if (!attributor?.siret || !beneficiary?.siret || shares[i] < 100) {
				withheld++;
				return;
			}
			rows.push({
				nomAttribuant: attributor.name,
				idAttribuant: attributor.siret,
				dateConvention: record.conventionDate,
				referenceDecision: record.decisionReference,
				nomBeneficiaire: beneficiary.name,
				idBeneficiaire: beneficiary.siret,
				rnaBeneficiaire: '',
				objet: subsidyObject(d.description),
				montant: centsToDecimal(d.amountCents),
				nature: record.nature,
				conditionsVersement: record.paymentConditions,
				datesPeriodeVersement: record.paymentPeriod,
				idRAE: '',
				notificationUE: record.notifiedToEu ? 'oui' : 'non',
				pourcentageSubvention: bpToDecimal(shares[i]),
				dispositifAide: ''
			});
			if (d.decidedAt && (!updatedAt || d.decidedAt > updatedAt)) updatedAt = d.decidedAt;
		});
	}
	return { rows, withheld, updatedAt };
}

const NUMERIC = new Set(['montant', 'pourcentageSubvention']);
const columns: CsvColumn<ScdlSubventionRow>[] = scdlSubventionsColumns.map((name) => ({ header: name, numeric: NUMERIC.has(name), value: (row) => row[name] }));

/** UTF-8, comma-separated, point as decimal separator, the schema's columns in its order. */
export const subsidyCsv = (rows: ScdlSubventionRow[]) => toCsv(columns, rows);

/** The JSON form: the same rows with JSON numbers and booleans, and the schema they follow. */
export function subsidyJson(rows: ScdlSubventionRow[]) {
	return {
		schema: 'https://schema.data.gouv.fr/scdl/subventions/2.1.1/',
		licence: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
		data: rows.map((row) => ({
			...row,
			montant: Number(row.montant),
			pourcentageSubvention: Number(row.pourcentageSubvention),
			notificationUE: row.notificationUE === 'oui'
		}))
	};
}
