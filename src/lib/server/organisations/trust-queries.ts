import { and, eq, isNotNull, ne, or, sql } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { communes, epcis, organisations } from '../db/schema';

/** The live (not refused) organisation that holds `siren`, other than `exceptId`, if any. */
export async function liveHolderOfSiren(q: Queryable, siren: string, exceptId?: string) {
	const [row] = await q
		.select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
		.from(organisations)
		.where(and(eq(organisations.siren, siren), ne(organisations.verificationStatus, 'rejected'), exceptId ? ne(organisations.id, exceptId) : undefined))
		.orderBy(organisations.createdAt)
		.limit(1);
	return row;
}

/** Whether `siren` is a commune's or an EPCI's in the official reference data. */
export async function publicBodyWithSiren(q: Queryable, siren: string) {
	const [commune] = await q.select({ x: communes.inseeCode }).from(communes).where(eq(communes.siren, siren)).limit(1);
	if (commune) return true;
	const [epci] = await q.select({ x: epcis.siren }).from(epcis).where(eq(epcis.siren, siren)).limit(1);
	return Boolean(epci);
}

/**
 * Live organisations that share a SIREN with an earlier one: migration 0013 marked them rather than
 * merging them. They stay listed here (start-up log, admin page) until an administrator refuses one.
 */
export function sirenConflicts(q: Queryable = db()) {
	return q
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			siren: organisations.siren,
			verificationStatus: organisations.verificationStatus
		})
		.from(organisations)
		.where(and(isNotNull(organisations.sirenConflictAt), ne(organisations.verificationStatus, 'rejected')))
		.orderBy(organisations.siren, organisations.createdAt);
}

/** Says at start which organisations share a SIREN, so the operator knows before anyone acts on them. */
export async function reportSirenConflicts(log: (line: string) => void = console.warn) {
	const rows = await sirenConflicts();
	if (rows.length === 0) return 0;
	log(
		`trust: ${rows.length === 1 ? '1 organisation shares a SIREN with an earlier one and waits' : `${rows.length} organisations share a SIREN with an earlier one and wait`} for an administrator (/admin): ` +
			rows.map((r) => `${r.name} (SIREN ${r.siren}, ${r.verificationStatus})`).join('; ')
	);
	return rows.length;
}

/** Other organisations, refused ones included, with the same SIREN or INSEE code as `organisation`. */
export function conflictingClaims(q: Queryable, organisation: { id: string; siren: string | null; inseeCode: string | null }) {
	const keys = [
		organisation.siren ? eq(organisations.siren, organisation.siren) : undefined,
		organisation.inseeCode ? eq(organisations.inseeCode, organisation.inseeCode) : undefined
	].filter(Boolean);
	if (keys.length === 0) return Promise.resolve([]);
	return q
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			kind: organisations.kind,
			verificationStatus: organisations.verificationStatus,
			createdAt: organisations.createdAt
		})
		.from(organisations)
		.where(and(ne(organisations.id, organisation.id), or(...keys)))
		.orderBy(sql`${organisations.createdAt} desc`);
}
