import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { db } from '../db';
import { organisations, projectInterests, users, type User } from '../db/schema';
import { updateProfile } from '../organisations/profiles';
import { createProject, transitionProject } from '../projects/commands';
import { replicateProject, setProjectReuse } from '../partners/reuse';
import { answerInterest, requestInterest } from '../partners/interests';
import { postMessage, startConversationFromInterest } from '../conversations/commands';
import { addProjectDocument } from '../projects/documents';
import { storeUploadedPdf } from '../uploads/store';
import { daysBefore, storyStep } from './timeline';

// The "guichet unique" story, told through the real commands: Béthune's one-stop shop for procedures,
// with its indicators, its reusable specification (a PDF) and what others may copy, replicated by Nevers,
// Saint-Quentin and Laval; Beauvais asks to join it. Every demo city names its référent numérique.

/** The guichet unique's specification, a real PDF written here, kept as any uploaded one is (uploads/store). */
async function specification() {
	const document = await PDFDocument.create();
	const font = await document.embedFont(StandardFonts.Helvetica);
	const page = document.addPage([595, 842]);
	const lines = [
		'Guichet unique des démarches — cahier des charges (démo)',
		'',
		'1. Un seul numéro, un seul site, un seul accueil physique.',
		'2. Suivi des demandes : logiciel libre (EUPL-1.2), adapté en six semaines.',
		'3. Formation des agents d’accueil : trois jours, en deux groupes.',
		'4. Indicateurs : part des démarches faites en ligne, délai moyen de réponse.'
	];
	lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 22, size: i === 0 ? 14 : 11, font }));
	const stored = await storeUploadedPdf(new File([Buffer.from(await document.save())], 'cahier-des-charges.pdf', { type: 'application/pdf' }));
	if (!stored.ok) throw new Error(`demo rapprochements: the specification was refused (${stored.code})`);
	return stored;
}

const referents: Record<string, { name: string; role: string; phone: string }> = {
	Beauvais: { name: 'Chloé Garnier', role: 'Chargée de mission transition numérique', phone: '03 44 79 40 00' },
	Nevers: { name: 'Antoine Girard', role: 'Référent numérique TPE/PME', phone: '03 86 68 46 00' },
	'Saint-Quentin': { name: 'Manon Lefèvre', role: 'Développeuse économique numérique', phone: '03 23 06 93 93' },
	Béthune: { name: 'Amélie Roussel', role: 'Chargée de mission numérique', phone: '03 21 68 40 00' },
	Laval: { name: 'Julien Mercier', role: 'Conseiller numérique des entreprises', phone: '02 43 49 43 00' }
};

export async function seedDemoRapprochements(log: (line: string) => void) {
	const people = await db().select().from(users);
	const person = (email: string): User => people.find((p) => p.email === email)!;
	const agent = (city: string) => person(`agent@${city}.example`);
	const orgs = await db().select().from(organisations).where(eq(organisations.kind, 'city'));
	const city = (name: string) => orgs.find((o) => o.name === name)!;
	const must = <T extends { ok: boolean }>(step: string, outcome: T) => {
		if (!outcome.ok) throw new Error(`demo rapprochements: ${step} refused (${(outcome as unknown as { code: string }).code})`);
		return outcome;
	};
	const key = (name: string) => name.toLowerCase().replace('é', 'e').replace(' ', '-');
	// Each step on the seed's timeline (the funds' story runs 70 days back): published two months ago, replicated
	// over the following weeks, talked over since, and Beauvais's request three days old.
	const now = Date.now();
	const at = (days: number) => daysBefore(now, days);

	for (const [name, referent] of Object.entries(referents)) {
		const organisation = city(name);
		if (!organisation) continue;
		const mail = `${key(name)}.example`;
		must(
			`profile of ${name}`,
			await updateProfile(
				agent(key(name)),
				organisation.id,
				{
					description: organisation.description || `Ville de la délégation Villes de France du 2 octobre 2018.`,
					website: null,
					contactEmail: `mairie@${mail}`,
					contactPhone: referent.phone,
					referentName: referent.name,
					referentRole: referent.role,
					referentEmail: `numerique@${mail}`,
					referentPhone: null,
					removeLogo: false
				},
				null
			)
		);
	}

	const bethune = city('Béthune');
	const created = must(
		'the guichet unique',
		await storyStep(at(62), () =>
			createProject(agent('bethune'), bethune.id, {
				title: 'Guichet unique des démarches (démo)',
				summary: 'Un seul accueil, en mairie et en ligne, pour toutes les démarches des habitants et des entreprises.',
				description:
					'## Le principe\n\nUn **guichet unique** : un seul numéro, un seul site, un seul accueil physique pour l’état civil, l’urbanisme, les aides et les démarches des entreprises.\n\n## Ce qui se reproduit\n\nLe logiciel de suivi des demandes est libre ; la formation des agents tient en trois jours.',
				theme: 'public_services',
				estimatedBudget: 9_500_000,
				departements: ['62'],
				seekingPartners: true
			})
		)
	) as { ok: true; id: string };
	must('publishing it', await storyStep(at(60), () => transitionProject(agent('bethune'), created.id, 'published')));
	must(
		'its reusable parts',
		await storyStep(at(59), () =>
			setProjectReuse(agent('bethune'), created.id, {
				licence: 'EUPL-1.2',
				repositoryUrl: 'https://code.example/bethune/guichet-unique',
				contactName: 'Amélie Roussel',
				contactEmail: 'numerique@bethune.example',
				reusableParts: ['description', 'budget', 'documents', 'licence', 'repository', 'indicators'],
				budgetLines: [
					{ label: 'Logiciel de suivi des demandes (adaptation)', amountCents: 4_000_000 },
					{ label: 'Aménagement de l’accueil', amountCents: 3_500_000 },
					{ label: 'Formation des agents', amountCents: 2_000_000 }
				],
				indicators: [
					{
						name: 'Démarches faites en ligne',
						unit: '%',
						baseline: 22,
						target: 70,
						measurements: [
							{ measuredOn: '2026-03-31', value: 35 },
							{ measuredOn: '2026-09-30', value: 52 }
						]
					},
					{ name: 'Délai moyen de réponse', unit: 'jours', baseline: 12, target: 3, measurements: [{ measuredOn: '2026-09-30', value: 6 }] }
				]
			})
		)
	);
	// Reusable, so each replication below copies it.
	must(
		'its specification',
		await storyStep(at(59), async () =>
			addProjectDocument(agent('bethune'), created.id, await specification(), { title: 'Cahier des charges du guichet unique', reusable: true })
		)
	);
	for (const [name, days] of [
		['Nevers', 40],
		['Saint-Quentin', 33],
		['Laval', 26]
	] as const) {
		const replica = must(`replication by ${name}`, await storyStep(at(days), () => replicateProject(agent(key(name)), city(name).id, created.id))) as {
			ok: true;
			projectId: string;
		};
		if (name !== 'Laval') {
			must(`publishing ${name}'s replica`, await storyStep(at(days - 2), () => transitionProject(agent(key(name)), replica.projectId, 'published')));
		}
	}
	const requests = await db().select().from(projectInterests).where(eq(projectInterests.projectId, created.id));
	await storyStep(at(24), async () => {
		for (const request of requests) must('accepting a replication', await answerInterest(agent('bethune'), request.id, true));
	});
	// The replicating cities and Béthune talk it over, in the conversation each request opens.
	const talks: [string, string, string, number][] = [
		[
			'Nevers',
			'Bonjour, nous reprenons votre guichet unique. Combien de temps a pris la formation des agents d’accueil ?',
			'Trois jours, en deux groupes. Nous vous envoyons le programme ; Amélie Roussel peut venir le présenter.',
			20
		],
		[
			'Saint-Quentin',
			'Votre logiciel de suivi gère-t-il les demandes des entreprises (autorisations de terrasse, enseignes) ?',
			'Oui, depuis la version 2 : le module « entreprises » est dans le dépôt, avec sa documentation.',
			12
		]
	];
	for (const [name, question, answer, days] of talks) {
		const request = requests.find((r) => r.organisationId === city(name).id)!;
		const started = must(
			`${name} writes to Béthune`,
			await storyStep(at(days), () => startConversationFromInterest(agent(key(name)), request.id, city(name).id, question))
		) as { ok: true; conversationId: string };
		must(`Béthune answers ${name}`, await storyStep(at(days - 1), () => postMessage(agent('bethune'), started.conversationId, bethune.id, answer)));
	}
	// Beauvais's request to join waits for Béthune's answer.
	must(
		'Beauvais asks to join',
		await storyStep(at(3), () =>
			requestInterest(agent('beauvais'), city('Beauvais').id, created.id, 'join', {
				message: 'Beauvais prépare le même accueil : travaillons ensemble sur le logiciel.'
			})
		)
	);
	log('demo: the guichet unique with its specification, replicated by three cities, with their messages; a référent numérique in each city');
}
