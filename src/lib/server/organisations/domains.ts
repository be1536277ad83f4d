import { and, eq, inArray } from 'drizzle-orm';
import { db, write } from '../db';
import { organisationDomains, organisations } from '../db/schema';
import { audit } from '../audit/audit';
import { normaliseDomain } from '../../domain/trust';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import type { ReviewOutcome as Outcome } from './refusals';
import { mayReviewOrganisations } from './policy';

/** The domains each of `organisationIds` is known to write from. */
export async function knownDomainsOf(organisationIds: string[]) {
	const byOrganisation = new Map<string, string[]>();
	if (organisationIds.length === 0) return byOrganisation;
	const rows = await db()
		.select({ organisationId: organisationDomains.organisationId, domain: organisationDomains.domain })
		.from(organisationDomains)
		.where(inArray(organisationDomains.organisationId, organisationIds))
		.orderBy(organisationDomains.domain);
	for (const row of rows) byOrganisation.set(row.organisationId, [...(byOrganisation.get(row.organisationId) ?? []), row.domain]);
	return byOrganisation;
}

/** A platform administrator records a domain the organisation writes from ("beauvais.fr"). */
export async function addKnownDomain(admin: SessionUser, organisationId: string, input: string): Promise<Outcome<{ domain: string }>> {
	const reviewing = mayReviewOrganisations(admin);
	if (!reviewing.ok) return reviewing;
	if (secondFactorRefusal(admin)) return { ok: false, code: 'second_factor_required' };
	const domain = normaliseDomain(input);
	if (!domain) return { ok: false, code: 'invalid_domain' };
	return write(async (tx) => {
		const [organisation] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, code: 'not_found' };
		const inserted = await tx.insert(organisationDomains).values({ organisationId, domain, addedBy: admin.id, addedAt: new Date() }).onConflictDoNothing();
		if (inserted.rowsAffected > 0) {
			await audit(tx, { userId: admin.id, organisationId: null }, 'organisation.domain_added', { type: 'organisation', id: organisationId }, { domain });
		}
		return { ok: true, domain };
	});
}

export async function removeKnownDomain(admin: SessionUser, organisationId: string, domain: string): Promise<Outcome> {
	const reviewing = mayReviewOrganisations(admin);
	if (!reviewing.ok) return reviewing;
	if (secondFactorRefusal(admin)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const removed = await tx
			.delete(organisationDomains)
			.where(and(eq(organisationDomains.organisationId, organisationId), eq(organisationDomains.domain, domain.slice(0, 300))));
		if (removed.rowsAffected === 0) return { ok: false, code: 'not_found' };
		await audit(tx, { userId: admin.id, organisationId: null }, 'organisation.domain_removed', { type: 'organisation', id: organisationId }, { domain });
		return { ok: true };
	});
}
