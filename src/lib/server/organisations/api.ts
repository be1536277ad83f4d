import { and, asc, eq, gt } from 'drizzle-orm';
import { db } from '../db';
import { communes, organisations } from '../db/schema';

// What the public API says of an organisation: what its public page shows, nothing more.

const publicColumns = {
	id: organisations.id,
	slug: organisations.slug,
	kind: organisations.kind,
	name: organisations.name,
	inseeCode: organisations.inseeCode,
	siren: organisations.siren,
	nafCode: organisations.nafCode,
	description: organisations.description,
	departementCode: communes.departementCode,
	regionCode: communes.regionCode,
	verifiedAt: organisations.reviewedAt
};

export async function publicOrganisations(limit: number, after: string | null) {
	const rows = await db()
		.select(publicColumns)
		.from(organisations)
		.leftJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(and(eq(organisations.verificationStatus, 'verified'), after ? gt(organisations.id, after) : undefined))
		.orderBy(asc(organisations.id))
		.limit(limit + 1);
	return { data: rows.slice(0, limit), last: rows.length > limit ? rows[limit - 1].id : null };
}

export async function publicOrganisation(id: string) {
	const [row] = await db()
		.select(publicColumns)
		.from(organisations)
		.leftJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(and(eq(organisations.id, id), eq(organisations.verificationStatus, 'verified')));
	return row;
}
