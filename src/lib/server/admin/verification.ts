import { desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db } from '../db';
import { auditEvents, organisations, users } from '../db/schema';
import { verificationQueue } from './queries';
import { evidenceOf, needsEvidence } from '../organisations/evidence';
import { officialCommune, officialEpci } from '../organisations/official-record';
import { conflictingClaims } from '../organisations/trust-queries';
import { knownDomainsOf } from '../organisations/domains';
import { checkEmailDomain, emailDomain, isPublicBodyNaf, nafSection } from '../../domain/trust';

/**
 * Everything a verifier compares for each waiting claim: the official record, the acts filed, how the
 * claimant's address compares with the organisation's known domains, other claims on the same SIREN
 * or INSEE code, and the NAF section a company declared.
 */
export async function verificationDossiers() {
	const claims = await verificationQueue();
	const domains = await knownDomainsOf(claims.map((c) => c.id));
	return Promise.all(
		claims.map(async (claim) => {
			const knownDomains = domains.get(claim.id) ?? [];
			const evidence = await evidenceOf(claim.id);
			return {
				...claim,
				official:
					claim.kind === 'city' && claim.inseeCode
						? await officialCommune(claim.inseeCode)
						: claim.kind === 'intercommunality' && claim.siren
							? await officialEpci(claim.siren)
							: null,
				evidence,
				needsEvidence: needsEvidence(claim.kind),
				evidenceMissing: needsEvidence(claim.kind) && !evidence.some((e) => e.purpose === 'claim'),
				knownDomains,
				claimantDomain: emailDomain(claim.claimantEmail),
				domainVerdict: checkEmailDomain(claim.claimantEmail, knownDomains),
				conflicts: await conflictingClaims(db(), claim),
				naf: nafSection(claim.nafCode),
				publicBodyNaf: isPublicBodyNaf(claim.nafCode)
			};
		})
	);
}

/** The latest verification decisions, for a second administrator to look over. */
export async function recentDecisions(limit = 20) {
	const reviewer = alias(users, 'reviewer');
	const rows = await db()
		.select({
			eventId: auditEvents.id,
			at: auditEvents.at,
			action: auditEvents.action,
			details: auditEvents.details,
			reviewerId: reviewer.id,
			reviewerName: reviewer.name,
			organisationId: organisations.id,
			organisationName: organisations.name,
			organisationSlug: organisations.slug,
			kind: organisations.kind,
			status: organisations.verificationStatus
		})
		.from(auditEvents)
		.innerJoin(organisations, eq(organisations.id, auditEvents.objectId))
		.leftJoin(reviewer, eq(reviewer.id, auditEvents.actorUserId))
		.where(inArray(auditEvents.action, ['organisation.verified', 'organisation.rejected']))
		.orderBy(desc(auditEvents.id))
		.limit(limit);
	const evidenceByOrganisation = new Map<string, { id: string; fileName: string }[]>();
	for (const row of rows) {
		if (!evidenceByOrganisation.has(row.organisationId)) {
			const acts = await evidenceOf(row.organisationId);
			evidenceByOrganisation.set(
				row.organisationId,
				acts.map((a) => ({ id: a.id, fileName: a.fileName }))
			);
		}
	}
	return rows.map((row) => ({
		...row,
		verdict: row.action === 'organisation.verified' ? ('verified' as const) : ('rejected' as const),
		reason: typeof (row.details as { reason?: unknown })?.reason === 'string' ? (row.details as { reason: string }).reason : null,
		evidence: evidenceByOrganisation.get(row.organisationId) ?? []
	}));
}
