import { and, count, countDistinct, eq } from 'drizzle-orm';
import { db } from '../db';
import { communes, organisations } from '../db/schema';

/** The key figures of the home page, counted from verified organisations only. */
export async function keyFigures() {
	const byKind = await db()
		.select({ kind: organisations.kind, value: count() })
		.from(organisations)
		.where(eq(organisations.verificationStatus, 'verified'))
		.groupBy(organisations.kind);
	const [places] = await db()
		.select({ departements: countDistinct(communes.departementCode) })
		.from(organisations)
		.innerJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(and(eq(organisations.verificationStatus, 'verified'), eq(organisations.kind, 'city')));
	const of = (kind: string) => byKind.find((r) => r.kind === kind)?.value ?? 0;
	return {
		cities: of('city') + of('intercommunality'),
		startups: of('startup'),
		partners: of('partner'),
		departements: places?.departements ?? 0
	};
}
