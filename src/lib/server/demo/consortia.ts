import { inArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, consortiumMembers, consortiumProjects, deliberationNumbers, projects } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';

const DAY = 86_400_000;

/**
 * The demo consortium: the five cities across five départements, coordinated by Béthune. Four
 * councils have voted, the partner has joined, Laval is still invited: active, ready to hold a fund.
 */
export async function seedDemoConsortium(tx: Tx, organisationIds: Map<string, string>, userIds: Map<string, string>) {
	const now = Date.now();
	const org = (key: string) => organisationIds.get(key)!;
	const agent = (city: string) => userIds.get(`agent@${city}.example`)!;
	const elected = (city: string) => userIds.get(`elu@${city}.example`)!;
	const id = newId();
	const created = new Date(now - 60 * DAY);
	await tx.insert(consortia).values({
		id,
		name: 'Villes de France connectées (démo)',
		purpose:
			'Cinq villes moyennes de cinq départements mettent en commun leurs moyens pour le **commerce de centre-ville connecté** et un entrepôt de données urbaines partagé.',
		coordinatorOrganisationId: org('bethune'),
		status: 'active',
		minMembers: 3,
		minDepartements: 3,
		allowedRegions: [],
		createdBy: agent('bethune'),
		createdAt: created,
		updatedAt: new Date(now - 20 * DAY)
	});
	const coordinatorActor = { userId: agent('bethune'), organisationId: org('bethune') };
	await audit(tx, coordinatorActor, 'consortium.created', { type: 'consortium', id }, { name: 'Villes de France connectées (démo)' }, created);

	const voted: [string, string, string, number][] = [
		['bethune', 'Béthune', '2026-DEL-041', 40],
		['beauvais', 'Beauvais', 'D2026-118', 35],
		['saint-quentin', 'Saint-Quentin', '2026/07/12', 30],
		['nevers', 'Nevers', 'DCM-2026-093', 22]
	];
	for (const [city, name, number, daysAgo] of voted) {
		const memberId = newId();
		const date = new Date(now - daysAgo * DAY);
		await tx.insert(consortiumMembers).values({
			id: memberId,
			consortiumId: id,
			organisationId: org(city),
			inseeCode: null,
			invitedName: name,
			status: 'council_approved',
			invitedBy: agent('bethune'),
			invitedAt: created,
			respondedAt: new Date(date.getTime() - 5 * DAY),
			decisionKind: 'council',
			deliberationNumber: number,
			deliberationDate: date,
			approvedBy: elected(city),
			approvedAt: date
		});
		await tx.insert(deliberationNumbers).values({ organisationId: org(city), number, memberId });
		await audit(
			tx,
			{ userId: elected(city), organisationId: org(city) },
			'consortium.council_approved',
			{ type: 'consortium', id },
			{
				name,
				number,
				date: date.toISOString().slice(0, 10),
				kind: 'council'
			},
			date
		);
	}
	await audit(tx, coordinatorActor, 'consortium.active', { type: 'consortium', id }, { from: 'forming' }, new Date(now - 22 * DAY));
	await tx.insert(consortiumMembers).values([
		{
			id: newId(),
			consortiumId: id,
			organisationId: org('partner'),
			invitedName: 'Fonds Territoires Connectés (démo)',
			status: 'accepted',
			invitedBy: agent('bethune'),
			invitedAt: new Date(now - 25 * DAY),
			respondedAt: new Date(now - 24 * DAY)
		},
		{
			id: newId(),
			consortiumId: id,
			organisationId: org('laval'),
			invitedName: 'Laval',
			status: 'invited',
			invitedBy: agent('bethune'),
			invitedAt: new Date(now - 3 * DAY)
		}
	]);
	await audit(tx, coordinatorActor, 'consortium.invited', { type: 'consortium', id }, { name: 'Laval' }, new Date(now - 3 * DAY));
	const linked = await tx
		.select({ id: projects.id })
		.from(projects)
		.where(inArray(projects.title, ['Revitaliser le cœur de ville par le commerce connecté', 'Entrepôt de données urbaines partagé']));
	if (linked.length) await tx.insert(consortiumProjects).values(linked.map((p) => ({ consortiumId: id, projectId: p.id })));
}
