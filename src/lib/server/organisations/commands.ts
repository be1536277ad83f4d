import { and, eq, like, ne, or } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { communes, epcis, memberships, organisations, users, type Organisation, type User } from '../db/schema';
import { audit, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { slugify } from '../../domain/text';
import { offerWaitingInvitations } from './waiting-invitations';
import { isPublicBodyNaf } from '../../domain/trust';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { evidenceRequired, fileEvidence, type EvidenceInput } from './evidence';
import { liveHolderOfSiren, publicBodyWithSiren } from './trust-queries';
import type { Refusal } from '../shared/outcome';
import type { OrganisationOutcome, ReviewOutcome } from './refusals';
import { mayReviewOrganisations } from './policy';

// Other aggregates still import these from here; they live in shared/outcome.
export type { Outcome, Refusal } from '../shared/outcome';

async function uniqueSlug(tx: Tx, name: string) {
	const base = slugify(name);
	const taken = new Set(
		(
			await tx
				.select({ slug: organisations.slug })
				.from(organisations)
				.where(or(eq(organisations.slug, base), like(organisations.slug, `${base}-%`)))
		).map((r) => r.slug)
	);
	let slug = base;
	for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
	return slug;
}

async function platformAdminIds(tx: Tx) {
	const rows = await tx.select({ id: users.id }).from(users).where(eq(users.isPlatformAdmin, true));
	return rows.map((r) => r.id);
}

/** Creates an unverified organisation with its creator as admin, and tells the platform admins. */
async function createOrganisation(
	tx: Tx,
	user: User,
	values: Pick<Organisation, 'kind' | 'name'> & Partial<Pick<Organisation, 'inseeCode' | 'siren' | 'nafCode' | 'description' | 'isDemo'>>,
	evidence?: EvidenceInput
) {
	const id = newId();
	const now = new Date();
	const slug = await uniqueSlug(tx, values.name);
	await tx.insert(organisations).values({ id, slug, createdBy: user.id, createdAt: now, ...values });
	await tx.insert(memberships).values({ organisationId: id, userId: user.id, role: 'admin', createdAt: now });
	const actor: Actor = { userId: user.id, organisationId: id };
	await audit(tx, actor, 'organisation.created', { type: 'organisation', id }, { kind: values.kind, name: values.name });
	if (evidence) await fileEvidence(tx, user, id, { purpose: 'claim', subjectEmail: user.email, ...evidence });
	await notify(tx, await platformAdminIds(tx), {
		type: 'organisation.claimed',
		params: { organisation: values.name },
		link: '/admin'
	});
	return { id, slug };
}

function requireConfirmedEmail(user: User): Refusal<'email_unverified'> | null {
	return user.emailVerifiedAt ? null : { ok: false, code: 'email_unverified' };
}

async function liveClaimExists(tx: Tx, kind: 'city' | 'intercommunality', key: string) {
	const [row] = await tx
		.select({ id: organisations.id })
		.from(organisations)
		.where(
			and(
				eq(organisations.kind, kind),
				kind === 'city' ? eq(organisations.inseeCode, key) : eq(organisations.siren, key),
				ne(organisations.verificationStatus, 'rejected')
			)
		);
	return Boolean(row);
}

/** A SIREN another live organisation holds: refused, naming that organisation. */
async function sirenTaken(tx: Tx, siren: string | null | undefined): Promise<Refusal<'siren_taken'> | null> {
	if (!siren) return null;
	const holder = await liveHolderOfSiren(tx, siren);
	return holder ? { ok: false, code: 'siren_taken', holder: holder.name } : null;
}

/**
 * A person claims a commune from the official list. The claim states their function and carries the
 * act that empowers them (`evidence`); one filed without it waits in the queue and cannot be verified.
 */
export async function claimCity(user: User, inseeCode: string, evidence?: EvidenceInput): Promise<OrganisationOutcome<{ slug: string }>> {
	const refused = requireConfirmedEmail(user);
	if (refused) return refused;
	return write(async (tx) => {
		const [commune] = await tx.select().from(communes).where(eq(communes.inseeCode, inseeCode));
		if (!commune) return { ok: false, code: 'unknown_commune' };
		if (await liveClaimExists(tx, 'city', inseeCode)) return { ok: false, code: 'already_claimed' };
		const taken = await sirenTaken(tx, commune.siren);
		if (taken) return taken;
		const { slug } = await createOrganisation(tx, user, { kind: 'city', name: commune.name, inseeCode, siren: commune.siren }, evidence);
		return { ok: true, slug };
	});
}

export async function claimIntercommunality(user: User, siren: string, evidence?: EvidenceInput): Promise<OrganisationOutcome<{ slug: string }>> {
	const refused = requireConfirmedEmail(user);
	if (refused) return refused;
	return write(async (tx) => {
		const [epci] = await tx.select().from(epcis).where(eq(epcis.siren, siren));
		if (!epci) return { ok: false, code: 'unknown_epci' };
		if (await liveClaimExists(tx, 'intercommunality', siren)) return { ok: false, code: 'already_claimed' };
		const taken = await sirenTaken(tx, siren);
		if (taken) return taken;
		const { slug } = await createOrganisation(tx, user, { kind: 'intercommunality', name: epci.name, siren }, evidence);
		return { ok: true, slug };
	});
}

export async function createCompanyOrPartner(
	user: User,
	input: { kind: 'startup' | 'partner'; name: string; siren: string | null; nafCode: string | null; description: string }
): Promise<OrganisationOutcome<{ slug: string }>> {
	const refused = requireConfirmedEmail(user);
	if (refused) return refused;
	// A town hall, an EPCI or a State service registers from the official list, never as a company.
	if (input.kind === 'startup' && isPublicBodyNaf(input.nafCode)) return { ok: false, code: 'public_body' };
	return write(async (tx) => {
		if (input.siren && (await publicBodyWithSiren(tx, input.siren))) return { ok: false, code: 'public_body' };
		const taken = await sirenTaken(tx, input.siren);
		if (taken) return taken;
		const { slug } = await createOrganisation(tx, user, {
			kind: input.kind,
			name: input.name.trim(),
			siren: input.siren,
			nafCode: input.kind === 'startup' ? input.nafCode : null,
			description: input.description.trim()
		});
		return { ok: true, slug };
	});
}

/** A platform admin verifies a claim, or rejects it with a reason the claimant will read. */
export async function reviewOrganisation(
	admin: SessionUser,
	organisationId: string,
	decision: { verdict: 'verified' } | { verdict: 'rejected'; reason: string }
): Promise<ReviewOutcome> {
	const reviewing = mayReviewOrganisations(admin);
	if (!reviewing.ok) return reviewing;
	const unproven = secondFactorRefusal(admin);
	if (unproven) return unproven;
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, code: 'not_found' };
		if (organisation.verificationStatus !== 'unverified') return { ok: false, code: 'already_reviewed' };
		if (decision.verdict === 'verified') {
			if (await evidenceRequired(tx, organisation)) return { ok: false, code: 'evidence_missing' };
			const holder = organisation.siren ? await liveHolderOfSiren(tx, organisation.siren, organisation.id) : null;
			if (holder) return { ok: false, code: 'siren_taken', holder: holder.name };
		}
		const reason = decision.verdict === 'rejected' ? decision.reason.trim() : null;
		await tx
			.update(organisations)
			.set({
				verificationStatus: decision.verdict,
				rejectionReason: reason,
				reviewedAt: new Date(),
				reviewedBy: admin.id
			})
			.where(eq(organisations.id, organisationId));
		if (decision.verdict === 'verified') {
			await offerWaitingInvitations(tx, { ...organisation, verificationStatus: 'verified' });
		}
		await audit(
			tx,
			{ userId: admin.id, organisationId: null },
			`organisation.${decision.verdict}`,
			{ type: 'organisation', id: organisationId },
			reason ? { reason } : {}
		);
		const members = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organisationId, organisationId));
		await notify(
			tx,
			members.map((m) => m.userId),
			decision.verdict === 'verified'
				? { type: 'organisation.verified', params: { organisation: organisation.name }, link: `/organisations/${organisation.slug}` }
				: {
						type: 'organisation.rejected',
						params: { organisation: organisation.name, reason: reason ?? '' },
						link: `/organisations/${organisation.slug}`
					}
		);
		return { ok: true };
	});
}
