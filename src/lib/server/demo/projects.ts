import type { Tx } from '../db';
import { projectCoproposers, projectDepartements, projects } from '../db/schema';
import { newId } from '../auth/tokens';
import { indexProject } from '../projects/search-index';
import type { ProjectStatus, ProjectTheme } from '../../domain/projects';

interface DemoProject {
	city: string;
	title: string;
	summary: string;
	description: string;
	theme: ProjectTheme;
	budgetCents: number | null;
	departements: string[];
	seekingPartners: boolean;
	status: ProjectStatus;
	coproposers?: string[];
}

const demoProjects: DemoProject[] = [
	{
		city: 'bethune',
		title: 'Revitaliser le cœur de ville par le commerce connecté',
		summary: 'Une place de marché locale et des casiers de retrait pour ramener les habitants vers les commerces du centre.',
		description:
			'## Pourquoi\n\nLe taux de vacance commerciale du **cœur de ville** dépasse 15 %. Les habitants achètent en ligne ; les commerçants n’ont pas les moyens d’un site.\n\n## Ce que nous proposons\n\n- une place de marché commune aux commerçants du centre ;\n- des casiers de retrait ouverts de 7 h à 22 h ;\n- un tableau de bord de fréquentation partagé avec les associations de commerçants.\n\nEn savoir plus : [Action cœur de ville](https://www.economie.gouv.fr/)',
		theme: 'town_centre_commerce',
		budgetCents: 42_000_000,
		departements: ['62'],
		seekingPartners: true,
		status: 'published',
		coproposers: ['saint-quentin']
	},
	{
		city: 'nevers',
		title: 'Conseillers numériques itinérants',
		summary: 'Un bus équipé qui va de quartier en quartier pour accompagner les démarches en ligne.',
		description: 'Trois conseillers, un bus, douze arrêts par semaine. Objectif : 4 000 accompagnements par an.',
		theme: 'digital_inclusion',
		budgetCents: 18_500_000,
		departements: ['58'],
		seekingPartners: true,
		status: 'published'
	},
	{
		city: 'laval',
		title: 'Capteurs de qualité de l’air autour des écoles',
		summary: 'Mesurer le dioxyde d’azote et les particules fines devant chaque groupe scolaire, et publier les données.',
		description: '## Mesures\n\nVingt capteurs, données ouvertes en temps réel, alertes aux parents les jours de pic.',
		theme: 'energy_environment',
		budgetCents: 9_600_000,
		departements: ['53'],
		seekingPartners: false,
		status: 'in_progress'
	},
	{
		city: 'beauvais',
		title: 'Navette autonome entre la gare et l’hôpital',
		summary: 'Expérimenter une navette électrique sans chauffeur sur 3 km de voie réservée.',
		description: 'Expérimentation de 18 mois, en lien avec l’autorité organisatrice des mobilités.',
		theme: 'mobility',
		budgetCents: 120_000_000,
		departements: ['60'],
		seekingPartners: true,
		status: 'published'
	},
	{
		city: 'saint-quentin',
		title: 'Entrepôt de données urbaines partagé',
		summary: 'Un entrepôt commun de données (éclairage, déchets, stationnement) pour les villes du consortium.',
		description: 'Les données restent propriété de chaque ville ; le code est publié sous licence libre.',
		theme: 'urban_data',
		budgetCents: 30_000_000,
		departements: ['02', '60', '62'],
		seekingPartners: true,
		status: 'published'
	},
	{
		city: 'laval',
		title: 'Guichet unique des démarches municipales',
		summary: 'Un seul point d’entrée, en ligne et en mairie annexe, pour toutes les démarches de la ville.',
		description: 'Brouillon en cours de rédaction avec les services.',
		theme: 'public_services',
		budgetCents: null,
		departements: ['53'],
		seekingPartners: false,
		status: 'draft'
	}
];

/** Projects of the demo, in the seed's transaction. */
export async function seedDemoProjects(tx: Tx, organisationIds: Map<string, string>, authorOf: (city: string) => string) {
	const now = Date.now();
	for (const [index, demo] of demoProjects.entries()) {
		const id = newId();
		const at = new Date(now - (demoProjects.length - index) * 86_400_000);
		await tx.insert(projects).values({
			id,
			proposerOrganisationId: organisationIds.get(demo.city)!,
			title: demo.title,
			summary: demo.summary,
			description: demo.description,
			theme: demo.theme,
			estimatedBudgetCents: demo.budgetCents,
			seekingPartners: demo.seekingPartners,
			status: demo.status,
			createdBy: authorOf(demo.city),
			createdAt: at,
			updatedAt: at,
			publishedAt: demo.status === 'draft' ? null : at
		});
		await tx.insert(projectDepartements).values(demo.departements.map((departementCode) => ({ projectId: id, departementCode })));
		for (const city of demo.coproposers ?? []) {
			await tx.insert(projectCoproposers).values({
				projectId: id,
				organisationId: organisationIds.get(city)!,
				status: 'accepted',
				invitedBy: authorOf(demo.city),
				invitedAt: at,
				respondedAt: at
			});
		}
		await indexProject(tx, { id, title: demo.title, summary: demo.summary, description: demo.description });
	}
}
