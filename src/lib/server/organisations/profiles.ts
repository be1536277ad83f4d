import { and, count, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { db, write } from '../db';
import { communes, departements, epciMembers, epcis, organisationProfiles, organisations, regions, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { roleIn } from './queries';
import type { OrganisationOutcome as Outcome, OrganisationRefusal } from './refusals';
import { mayEditOrganisationProfile } from './policy';
import { hasReferent, logoTypeOf, MAX_LOGO_BYTES, type LogoType } from '../../domain/partners';
import type { ProfileInput } from '$lib/schemas/profiles';

const epciOrganisations = alias(organisations, 'epci_organisations');

export type ProfileRefusal = Extract<OrganisationRefusal, 'not_found' | 'forbidden' | 'logo_too_large' | 'logo_not_image'>;

/** An uploaded logo, read and checked before any write: bounded in size first, then typed by its bytes. */
export async function readLogo(
	upload: File | null
): Promise<{ ok: true; logo: { bytes: Buffer; type: LogoType } | null } | { ok: false; code: ProfileRefusal }> {
	if (!upload || upload.size === 0) return { ok: true, logo: null };
	if (upload.size > MAX_LOGO_BYTES) return { ok: false, code: 'logo_too_large' };
	const bytes = Buffer.from(await upload.arrayBuffer());
	if (bytes.length > MAX_LOGO_BYTES) return { ok: false, code: 'logo_too_large' };
	const type = logoTypeOf(bytes);
	if (!type) return { ok: false, code: 'logo_not_image' };
	return { ok: true, logo: { bytes, type } };
}

/** An admin of the organisation sets its public profile (and, for a city or an EPCI, its référent numérique). */
export async function updateProfile(
	user: User,
	organisationId: string,
	input: Omit<ProfileInput, 'references'> & { references?: string },
	logo: { bytes: Buffer; type: LogoType } | null
): Promise<Outcome<object>> {
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, code: 'not_found' };
		const editing = mayEditOrganisationProfile(await roleIn(tx, organisationId, user.id));
		if (!editing.ok) return editing;
		const referent = hasReferent(organisation.kind);
		const values = {
			website: input.website,
			contactEmail: input.contactEmail,
			contactPhone: input.contactPhone,
			// What a startup shows cities of its past work; other kinds have no such field.
			references: organisation.kind === 'startup' ? (input.references ?? '') : '',
			referentName: referent ? input.referentName : null,
			referentRole: referent ? input.referentRole : null,
			referentEmail: referent ? input.referentEmail : null,
			referentPhone: referent ? input.referentPhone : null,
			...(logo ? { logo: logo.bytes, logoType: logo.type } : input.removeLogo ? { logo: null, logoType: null } : {}),
			updatedAt: new Date(),
			updatedBy: user.id
		};
		await tx
			.insert(organisationProfiles)
			.values({ organisationId, ...values })
			.onConflictDoUpdate({ target: organisationProfiles.organisationId, set: values });
		if (input.description !== organisation.description) {
			await tx.update(organisations).set({ description: input.description }).where(eq(organisations.id, organisationId));
		}
		await audit(
			tx,
			{ userId: user.id, organisationId },
			'organisation.profile_updated',
			{ type: 'organisation', id: organisationId },
			{
				logo: logo ? 'replaced' : input.removeLogo ? 'removed' : 'kept',
				referent: values.referentName
			}
		);
		return { ok: true };
	});
}

/** The profile as its edit form shows it (no logo bytes). */
export async function profileOf(organisationId: string) {
	const [row] = await db()
		.select({
			website: organisationProfiles.website,
			contactEmail: organisationProfiles.contactEmail,
			contactPhone: organisationProfiles.contactPhone,
			references: organisationProfiles.references,
			hasLogo: organisationProfiles.logoType,
			referentName: organisationProfiles.referentName,
			referentRole: organisationProfiles.referentRole,
			referentEmail: organisationProfiles.referentEmail,
			referentPhone: organisationProfiles.referentPhone
		})
		.from(organisationProfiles)
		.where(eq(organisationProfiles.organisationId, organisationId));
	return row ? { ...row, hasLogo: row.hasLogo !== null } : null;
}

/** A verified organisation's logo, for its public pages. */
export async function logoBySlug(slug: string) {
	const [row] = await db()
		.select({ logo: organisationProfiles.logo, type: organisationProfiles.logoType, updatedAt: organisationProfiles.updatedAt })
		.from(organisationProfiles)
		.innerJoin(organisations, eq(organisations.id, organisationProfiles.organisationId))
		.where(and(eq(organisations.slug, slug), eq(organisations.verificationStatus, 'verified')));
	return row?.logo && row.type ? { bytes: row.logo, type: row.type, updatedAt: row.updatedAt } : null;
}

/**
 * The official data of a city or an intercommunality, from the reference lists: population,
 * département and région, and the commune's EPCI (with its page when it is on Entente).
 */
export async function officialDataOf(organisation: { kind: string; inseeCode: string | null; siren: string | null }) {
	if (organisation.kind === 'city' && organisation.inseeCode) {
		const [row] = await db()
			.select({
				population: communes.population,
				departementCode: departements.code,
				departementName: departements.name,
				regionName: regions.name,
				epciSiren: epcis.siren,
				epciName: epcis.name,
				epciSlug: epciOrganisations.slug
			})
			.from(communes)
			.innerJoin(departements, eq(departements.code, communes.departementCode))
			.leftJoin(regions, eq(regions.code, communes.regionCode))
			.leftJoin(epciMembers, eq(epciMembers.communeInseeCode, communes.inseeCode))
			.leftJoin(epcis, eq(epcis.siren, epciMembers.epciSiren))
			.leftJoin(
				epciOrganisations,
				and(eq(epciOrganisations.siren, epcis.siren), eq(epciOrganisations.kind, 'intercommunality'), eq(epciOrganisations.verificationStatus, 'verified'))
			)
			.where(eq(communes.inseeCode, organisation.inseeCode))
			.limit(1);
		return row ? { ...row, departements: [{ code: row.departementCode, name: row.departementName }], memberCount: null, nature: null } : null;
	}
	if (organisation.kind === 'intercommunality' && organisation.siren) {
		const [epci] = await db().select().from(epcis).where(eq(epcis.siren, organisation.siren));
		if (!epci) return null;
		const places = await db()
			.select({ code: departements.code, name: departements.name, communes: count() })
			.from(epciMembers)
			.innerJoin(communes, eq(communes.inseeCode, epciMembers.communeInseeCode))
			.innerJoin(departements, eq(departements.code, communes.departementCode))
			.where(eq(epciMembers.epciSiren, epci.siren))
			.groupBy(departements.code, departements.name)
			.orderBy(departements.code);
		return {
			population: epci.population,
			departementCode: places[0]?.code ?? null,
			departementName: places[0]?.name ?? null,
			regionName: null,
			epciSiren: null,
			epciName: null,
			epciSlug: null,
			departements: places.map((p) => ({ code: p.code, name: p.name })),
			memberCount: places.reduce((sum, p) => sum + p.communes, 0),
			nature: epci.nature
		};
	}
	return null;
}
