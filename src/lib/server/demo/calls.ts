import type { Tx } from '../db';
import { callCriteria, callEvaluators, callQuestions, calls, evaluationScores, responseConflicts, responses } from '../db/schema';
import { newId } from '../auth/tokens';
import { indexCall } from '../calls/search-index';
import type { CallStatus } from '../../domain/calls';

const DAY = 86_400_000;

/**
 * Three calls of the demo: an open one by Béthune (public Q&A, three responses in different states,
 * two evaluators), a decided one by Nevers (a selected and a rejected response, with scores), and an
 * open call for projects by the partner fund, addressed to consortia.
 */
export async function seedDemoCalls(tx: Tx, organisationIds: Map<string, string>, userIds: Map<string, string>) {
	const now = Date.now();
	const org = (key: string) => organisationIds.get(key)!;
	const user = (email: string) => userIds.get(email)!;

	async function call(values: {
		publisher: string;
		author: string;
		title: string;
		challenge: string;
		theme: 'town_centre_commerce' | 'digital_inclusion';
		budgetCents: number;
		status: CallStatus;
		opensAt: number;
		closesAt: number;
		criteria: [string, number][];
		evaluators: string[];
		consortia?: { minMembers: number; minDepartements: number };
	}) {
		const id = newId();
		await tx.insert(calls).values({
			id,
			publisherOrganisationId: org(values.publisher),
			title: values.title,
			challenge: values.challenge,
			theme: values.theme,
			budgetCents: values.budgetCents,
			durationMonths: 6,
			legalFrame: 'experimentation_convention',
			opensAt: new Date(values.opensAt),
			closesAt: new Date(values.closesAt),
			status: values.status,
			createdBy: user(values.author),
			createdAt: new Date(values.opensAt - DAY),
			updatedAt: new Date(values.opensAt),
			publishedAt: new Date(values.opensAt),
			closedAt: values.status === 'open' ? null : new Date(values.closesAt),
			decidedAt: values.status === 'decided' ? new Date(Math.min(now, values.closesAt + 21 * DAY)) : null,
			...(values.consortia
				? {
						audience: 'consortia' as const,
						eligibilityMinMembers: values.consortia.minMembers,
						eligibilityMinDepartements: values.consortia.minDepartements,
						eligibilityAllowedRegions: []
					}
				: {})
		});
		const criteria = values.criteria.map(([label, weight], position) => ({ id: newId(), callId: id, position, label, weight }));
		await tx.insert(callCriteria).values(criteria);
		await indexCall(tx, id);
		for (const evaluator of values.evaluators) {
			await tx.insert(callEvaluators).values({ callId: id, userId: user(evaluator), assignedBy: user(values.author), assignedAt: new Date(values.opensAt) });
		}
		return { id, criteria };
	}

	async function response(
		callId: string,
		startup: string,
		author: string,
		status: 'draft' | 'submitted' | 'withdrawn' | 'selected' | 'rejected',
		at: number,
		extra: { justification?: string } = {}
	) {
		const id = newId();
		await tx.insert(responses).values({
			id,
			callId,
			startupOrganisationId: org(startup),
			status,
			proposal: 'Nous proposons un pilote en trois phases : installation, mesure, bilan partagé avec les habitants.',
			priceCents: 48_000_00,
			durationMonths: 6,
			team: 'Une cheffe de projet, deux ingénieurs, un designer de services.',
			references: 'Pilotes menés à Arras et à Châlons-en-Champagne.',
			createdBy: user(author),
			createdAt: new Date(at),
			updatedAt: new Date(at),
			submittedAt: status === 'draft' ? null : new Date(at),
			justification: extra.justification ?? null,
			decidedAt: extra.justification ? new Date(at + 20 * DAY) : null
		});
		return id;
	}

	// Open, closing in three weeks.
	const open = await call({
		publisher: 'bethune',
		author: 'agent@bethune.example',
		title: 'Mesurer la fréquentation du centre-ville sans caméra',
		challenge:
			'Béthune veut connaître la fréquentation de ses rues commerçantes, heure par heure, **sans filmer personne**.\n\n- données anonymes dès le capteur ;\n- tableau de bord partagé avec les commerçants ;\n- six mois d’expérimentation sur trois rues.',
		theme: 'town_centre_commerce',
		budgetCents: 60_000_00,
		status: 'open',
		opensAt: now - 20 * DAY,
		closesAt: now + 21 * DAY,
		criteria: [
			['Respect de la vie privée', 40],
			['Qualité des données', 35],
			['Prix', 25]
		],
		evaluators: ['agent@bethune.example', 'elu@bethune.example']
	});
	await tx.insert(callQuestions).values([
		{
			id: newId(),
			callId: open.id,
			askedBy: user('fondatrice@capteurs-civiques.example'),
			askedForOrganisationId: org('startup'),
			question: 'Les capteurs peuvent-ils être fixés sur l’éclairage public ?',
			answer: 'Oui : la ville fournit l’alimentation sur les mâts d’éclairage des trois rues concernées.',
			answeredBy: user('agent@bethune.example'),
			askedAt: new Date(now - 15 * DAY),
			answeredAt: new Date(now - 14 * DAY)
		},
		{
			id: newId(),
			callId: open.id,
			askedBy: user('contact@mobilites-douces.example'),
			askedForOrganisationId: org('startup-mobility'),
			question: 'Les données pourront-elles être publiées en open data ?',
			answer: null,
			answeredBy: null,
			askedAt: new Date(now - 2 * DAY),
			answeredAt: null
		}
	]);
	await response(open.id, 'startup', 'fondatrice@capteurs-civiques.example', 'submitted', now - 10 * DAY);
	await response(open.id, 'startup-data', 'contact@donnees-citoyennes.example', 'draft', now - 3 * DAY);
	await response(open.id, 'startup-mobility', 'contact@mobilites-douces.example', 'withdrawn', now - 8 * DAY);

	// A call for projects by the partner, answered by consortia of cities across départements.
	await call({
		publisher: 'partner',
		author: 'partenaire@fonds-territoires.example',
		title: 'Hubs territoriaux connectés : appel à projets',
		challenge:
			'Le fonds soutient des **hubs territoriaux** qui accompagnent les habitants et les agents vers le numérique.\n\n- un consortium d’au moins trois collectivités ;\n- réparties sur au moins trois départements ;\n- un cofinancement des membres.',
		theme: 'digital_inclusion',
		budgetCents: 300_000_00,
		status: 'open',
		opensAt: now - 5 * DAY,
		closesAt: now + 30 * DAY,
		criteria: [
			['Impact', 60],
			['Cofinancement', 40]
		],
		evaluators: ['partenaire@fonds-territoires.example'],
		consortia: { minMembers: 3, minDepartements: 3 }
	});

	// Decided two months ago.
	const decided = await call({
		publisher: 'nevers',
		author: 'agent@nevers.example',
		title: 'Accompagner les démarches en ligne dans les quartiers',
		challenge: 'Nevers cherche une solution pour accompagner les habitants éloignés du numérique, au plus près de chez eux.',
		theme: 'digital_inclusion',
		budgetCents: 40_000_00,
		status: 'decided',
		opensAt: now - 120 * DAY,
		closesAt: now - 80 * DAY,
		criteria: [
			['Impact pour les habitants', 60],
			['Prix', 40]
		],
		evaluators: ['agent@nevers.example', 'elu@nevers.example']
	});
	const selected = await response(decided.id, 'startup-data', 'contact@donnees-citoyennes.example', 'selected', now - 90 * DAY, {
		justification: 'Meilleure note sur l’impact, une équipe déjà présente dans la Nièvre, un prix dans le budget.'
	});
	const rejected = await response(decided.id, 'startup', 'fondatrice@capteurs-civiques.example', 'rejected', now - 85 * DAY, {
		justification: 'Proposition intéressante mais éloignée du besoin : elle mesure plus qu’elle n’accompagne.'
	});
	const scores: [string, number[]][] = [
		[selected, [5, 4]],
		[rejected, [2, 4]]
	];
	for (const evaluator of ['agent@nevers.example', 'elu@nevers.example']) {
		for (const [responseId, values] of scores) {
			await tx.insert(responseConflicts).values({ responseId, evaluatorId: user(evaluator), hasConflict: false, declaredAt: new Date(now - 79 * DAY) });
			await tx.insert(evaluationScores).values(
				decided.criteria.map((criterion, i) => ({
					responseId,
					evaluatorId: user(evaluator),
					criterionId: criterion.id,
					score: values[i],
					comment: i === 0 ? 'Argumenté et concret.' : '',
					scoredAt: new Date(now - 75 * DAY)
				}))
			);
		}
	}
}
