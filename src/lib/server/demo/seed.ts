import { count, eq, inArray } from 'drizzle-orm';
import { db, write } from '../db';
import { communes, memberships, organisations, users, type Role } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { hashPassword } from '../auth/password-hash';
import { newId } from '../auth/tokens';
import { slugify } from '../../domain/text';
import { seedDemoProjects } from './projects';
import { seedDemoCalls } from './calls';
import { seedDemoConsortium } from './consortia';
import { seedDemoFunds } from './funds';
import { demoSiret } from './siret';
import { enrolWithKey } from '../auth/totp';
import { DEMO_TOTP_SECRET, demoTotpKey } from './totp';
import { seedDemoRapprochements } from './rapprochements';

// The demonstration told in DESIGN.md ("Demo data"). The README lists these logins.

export const DEMO_PASSWORD = 'entente-demo-2026';

export const demoCities = [
	{ inseeCode: '60057', key: 'beauvais', agent: 'Camille Martin', elected: 'Jean Dupuis' },
	{ inseeCode: '58194', key: 'nevers', agent: 'Sophie Bernard', elected: 'Marc Petit' },
	{ inseeCode: '02691', key: 'saint-quentin', agent: 'Julie Robert', elected: 'Thomas Richard' },
	{ inseeCode: '62119', key: 'bethune', agent: 'Léa Durand', elected: 'Nicolas Moreau' },
	{ inseeCode: '53130', key: 'laval', agent: 'Emma Laurent', elected: 'Hugo Simon' }
] as const;

interface DemoPerson {
	email: string;
	name: string;
	admin?: boolean;
	memberships: { organisation: string; role: Role }[];
}

const people: DemoPerson[] = [
	{ email: 'admin@entente.example', name: 'Alice Admin', admin: true, memberships: [] },
	...demoCities.flatMap(({ key, agent, elected }) => [
		{ email: `agent@${key}.example`, name: agent, memberships: [{ organisation: key, role: 'admin' as const }] },
		{ email: `elu@${key}.example`, name: elected, memberships: [{ organisation: key, role: 'signatory' as const }] }
	]),
	// A second signatory in the coordinating city: a disbursement takes two.
	{ email: 'finances@bethune.example', name: 'Sarah Lefebvre', memberships: [{ organisation: 'bethune', role: 'signatory' }] },
	{
		email: 'fondatrice@capteurs-civiques.example',
		name: 'Inès Fondatrice',
		memberships: [{ organisation: 'startup', role: 'admin' }]
	},
	{
		email: 'partenaire@fonds-territoires.example',
		name: 'Paul Partenaire',
		memberships: [{ organisation: 'partner', role: 'admin' }]
	},
	// The partner's signatory: a match offer binds once a signatory who did not enter it approves it.
	{ email: 'direction@fonds-territoires.example', name: 'Hélène Garnier', memberships: [{ organisation: 'partner', role: 'signatory' }] },
	{
		email: 'contact@mobilites-douces.example',
		name: 'Malik Mobilités',
		memberships: [{ organisation: 'startup-mobility', role: 'admin' }]
	},
	{
		email: 'contact@donnees-citoyennes.example',
		name: 'Claire Données',
		memberships: [{ organisation: 'startup-data', role: 'admin' }]
	}
];

/** Seeds the demo on an empty database (no account yet); does nothing otherwise. */
export async function seedDemo(log: (line: string) => void = console.info) {
	const [{ value: existing }] = await db().select({ value: count() }).from(users);
	if (existing > 0) return false;
	log('demo: seeding the demonstration data…');
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const cityRows = await db()
		.select()
		.from(communes)
		.where(
			inArray(
				communes.inseeCode,
				demoCities.map((c) => c.inseeCode)
			)
		);

	await write(async (tx) => {
		const now = new Date();
		const userIds = new Map<string, string>();
		for (const person of people) {
			const id = newId();
			userIds.set(person.email, id);
			await tx.insert(users).values({
				id,
				email: person.email,
				name: person.name,
				passwordHash,
				emailVerifiedAt: now,
				isPlatformAdmin: person.admin ?? false,
				createdAt: now
			});
		}
		// The administrator and every signatory act on a second factor: all with the documented demo key.
		for (const person of people) {
			if (person.admin || person.memberships.some((m) => m.role === 'signatory')) {
				await enrolWithKey(tx, userIds.get(person.email)!, demoTotpKey(), now);
			}
		}
		const adminId = userIds.get('admin@entente.example')!;
		const organisationIds = new Map<string, string>();
		const addOrganisation = async (key: string, values: Omit<typeof organisations.$inferInsert, 'id' | 'slug' | 'createdBy' | 'createdAt'>) => {
			const id = newId();
			organisationIds.set(key, id);
			const creator = people.find((p) => p.memberships.some((m) => m.organisation === key && m.role === 'admin'));
			await tx.insert(organisations).values({
				id,
				slug: slugify(values.name),
				createdBy: userIds.get(creator!.email)!,
				createdAt: now,
				verificationStatus: 'verified',
				reviewedAt: now,
				reviewedBy: adminId,
				isDemo: true,
				siret: demoSiret(values.siren),
				...values
			});
			await audit(tx, platformActor, 'organisation.seeded', { type: 'organisation', id });
		};
		for (const { inseeCode, key } of demoCities) {
			const commune = cityRows.find((c) => c.inseeCode === inseeCode);
			if (!commune) throw new Error(`demo: commune ${inseeCode} is missing from the reference data`);
			await addOrganisation(key, { kind: 'city', name: commune.name, inseeCode, siren: commune.siren });
		}
		await addOrganisation('startup', {
			kind: 'startup',
			name: 'Capteurs Civiques (démo)',
			siren: '912345675',
			nafCode: '62.01Z',
			description: 'Capteurs de qualité de l’air et de fréquentation pour les centres-villes.'
		});
		await addOrganisation('partner', {
			kind: 'partner',
			name: 'Fonds Territoires Connectés (démo)',
			siren: '987654324',
			description: 'Partenaire financier qui abonde les fonds partagés des villes.'
		});
		await addOrganisation('startup-mobility', {
			kind: 'startup',
			name: 'Mobilités Douces (démo)',
			siren: '900000001',
			nafCode: '49.39B',
			description: 'Vélos et navettes partagés pour les villes moyennes.'
		});
		await addOrganisation('startup-data', {
			kind: 'startup',
			name: 'Données Citoyennes (démo)',
			siren: '732829320',
			nafCode: '63.11Z',
			description: 'Tableaux de bord de données ouvertes pour les collectivités.'
		});
		for (const person of people) {
			for (const membership of person.memberships) {
				await tx.insert(memberships).values({
					organisationId: organisationIds.get(membership.organisation)!,
					userId: userIds.get(person.email)!,
					role: membership.role,
					createdAt: now
				});
			}
		}
		await seedDemoProjects(tx, organisationIds, (city) => userIds.get(`agent@${city}.example`)!);
		await seedDemoCalls(tx, organisationIds, userIds);
		await seedDemoConsortium(tx, organisationIds, userIds);
	});
	await seedDemoFunds(log);
	await seedDemoRapprochements(log);
	const [{ value: seeded }] = await db().select({ value: count() }).from(organisations).where(eq(organisations.isDemo, true));
	log(`demo: ${people.length} accounts and ${seeded} organisations ready (password "${DEMO_PASSWORD}")`);
	log(`demo: the administrator and the signatories use the TOTP secret ${DEMO_TOTP_SECRET}; the code to type is printed here when asked`);
	return true;
}
