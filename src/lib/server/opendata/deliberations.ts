// Every délibération recorded on the platform, as the public acts they are: a council's vote to join a
// consortium (number, date, and its PDF when one was uploaded) and a signatory's approval of a pledge
// with the délibération that allows it. Only what the consortium and fund pages already show.

import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { consortia, consortiumMembers, funds, organisations, pledges } from '../db/schema';
import { centsToDecimal } from '../../domain/funds';
import { parisDay } from '../../domain/consortia';
import { toCsv, type CsvColumn } from '../../domain/csv';

export interface DeliberationRow {
	organisation: string;
	organisationSiren: string;
	number: string;
	/** YYYY-MM-DD. */
	date: string;
	/** What was voted on: joining a consortium, or a pledge to a fund. */
	approves: 'consortium_membership' | 'fund_pledge';
	/** In French, as the act's object would be written. */
	object: string;
	/** The page of what it approved. */
	path: string;
	/** The PDF of the act, when it was uploaded. */
	pdfPath: string | null;
}

export async function deliberations(q: Queryable = db()): Promise<DeliberationRow[]> {
	const memberships = await q
		.select({
			id: consortiumMembers.id,
			consortiumId: consortia.id,
			consortium: consortia.name,
			organisation: organisations.name,
			siren: organisations.siren,
			number: consortiumMembers.deliberationNumber,
			date: consortiumMembers.deliberationDate,
			file: consortiumMembers.deliberationFile
		})
		.from(consortiumMembers)
		.innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
		.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
		.where(
			and(eq(consortiumMembers.status, 'council_approved'), isNotNull(consortiumMembers.deliberationNumber), isNotNull(consortiumMembers.deliberationDate))
		);
	const approvals = await q
		.select({
			fundId: funds.id,
			fund: funds.name,
			organisation: organisations.name,
			siren: organisations.siren,
			number: pledges.deliberationReference,
			date: pledges.deliberationDate,
			amountCents: pledges.amountCents
		})
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(
			and(
				inArray(pledges.status, ['approved', 'called', 'paid', 'released', 'refunded']),
				isNull(pledges.matchOfferId),
				isNotNull(pledges.deliberationReference),
				isNotNull(pledges.deliberationDate)
			)
		)
		.orderBy(desc(pledges.deliberationDate));
	const rows: DeliberationRow[] = [
		...memberships.map((r): DeliberationRow => ({
			organisation: r.organisation,
			organisationSiren: r.siren ?? '',
			number: r.number!,
			date: parisDay(r.date!),
			approves: 'consortium_membership',
			object: `Adhésion au groupement « ${r.consortium} »`,
			path: `/consortia/${r.consortiumId}`,
			pdfPath: r.file ? `/consortia/${r.consortiumId}/deliberations/${r.id}` : null
		})),
		...approvals.map((r): DeliberationRow => ({
			organisation: r.organisation,
			organisationSiren: r.siren ?? '',
			number: r.number!,
			date: parisDay(r.date!),
			approves: 'fund_pledge',
			object: `Engagement de ${centsToDecimal(r.amountCents)} € au fonds « ${r.fund} »`,
			path: `/funds/${r.fundId}`,
			pdfPath: null
		}))
	];
	return rows.sort((a, b) => b.date.localeCompare(a.date) || a.organisation.localeCompare(b.organisation, 'fr'));
}

/** CSV with absolute links, so the file stands on its own. */
export function deliberationsCsv(rows: DeliberationRow[], origin: string) {
	const columns: CsvColumn<DeliberationRow>[] = [
		{ header: 'organisation', value: (r) => r.organisation },
		{ header: 'siren', value: (r) => r.organisationSiren },
		{ header: 'numero', value: (r) => r.number },
		{ header: 'date', value: (r) => r.date },
		{ header: 'approuve', value: (r) => r.approves },
		{ header: 'objet', value: (r) => r.object },
		{ header: 'lien', value: (r) => `${origin}${r.path}` },
		{ header: 'pdf', value: (r) => (r.pdfPath ? `${origin}${r.pdfPath}` : '') }
	];
	return toCsv(columns, rows);
}

export function deliberationsJson(rows: DeliberationRow[], origin: string) {
	return {
		licence: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
		data: rows.map((r) => ({ ...r, url: `${origin}${r.path}`, pdfUrl: r.pdfPath ? `${origin}${r.pdfPath}` : null }))
	};
}
