// An organisation's SIRET, given by one of its admins: the identifier SCDL open data files carry
// (idAttribuant, idBeneficiaire). Its first nine digits must be the organisation's own SIREN.

import { eq } from 'drizzle-orm';
import { write } from '../db';
import { organisations, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { roleIn } from './queries';
import { parseSiret } from '../../domain/siret';
import { maySetSiret } from './policy';
import type { OrganisationOutcome } from './refusals';

export type SiretOutcome = OrganisationOutcome<{ siret: string | null }>;

/** Sets (or, with an empty input, clears) the SIRET; only a current admin of the organisation may. */
export async function setOrganisationSiret(user: User, organisationId: string, input: string, now = new Date()): Promise<SiretOutcome> {
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, code: 'not_found' };
		const setting = maySetSiret(await roleIn(tx, organisationId, user.id));
		if (!setting.ok) return setting;
		let siret: string | null = null;
		if (input.trim() !== '') {
			const parsed = parseSiret(input, organisation.siren);
			if (!parsed.ok) return { ok: false, code: parsed.reason };
			siret = parsed.siret;
		}
		await tx.update(organisations).set({ siret }).where(eq(organisations.id, organisationId));
		await audit(tx, { userId: user.id, organisationId }, 'organisation.siret_set', { type: 'organisation', id: organisationId }, { siret }, now);
		return { ok: true, siret };
	});
}
