// Issue #18: a request to a detail page sends at most ten statements to the database, and the same number
// whatever the page holds. Each request runs as the server runs it: the session lookup of hooks.server.ts
// (through the route harness), the layout loads, then the page's load; counted by the counter `BENCH=1` turns
// on for the bench. Each page is counted on the demo, then again once it holds much more.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, write, type Tx } from '$lib/server/db';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import {
	auditEvents,
	callCriteria,
	callEvaluators,
	calls,
	communes,
	consortiumMembers,
	consortiumProjects,
	departements,
	disbursements,
	evaluationScores,
	indicatorMeasurements,
	organisations,
	pledges,
	projectBudgetLines,
	projectCoproposers,
	projectDepartements,
	projectDocuments,
	projectIndicators,
	projectInterests,
	projectReuse,
	projects,
	responseConflicts,
	responses,
	subsidyRecords,
	users,
	type User
} from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { createSession } from '$lib/server/auth/sessions';
import { appendEntry } from '$lib/server/funds/ledger';
import { listPublicProjects } from '$lib/server/projects/queries';
import { listConsortia } from '$lib/server/consortia/queries';
import { listFunds } from '$lib/server/funds/queries';
import { load as rootLayout } from '../../src/routes/+layout.server';
import { load as appLayout } from '../../src/routes/(app)/+layout.server';
import { load as projectPage } from '../../src/routes/(public)/projects/[id=id]/+page.server';
import { load as consortiumPage } from '../../src/routes/(public)/consortia/[id=id]/+page.server';
import { load as evaluationPage } from '../../src/routes/(app)/calls/[id=id]/evaluation/+page.server';
import { load as dashboardPage } from '../../src/routes/(app)/funds/[id=id]/dashboard/+page.server';
import { callRoute, type RouteOutcome } from './route-harness';
import { useDemoDatabase } from './support';

enableQueryCounting();
useDemoDatabase();

const MAX_STATEMENTS = 10;
const MORE = 12;
const DAY = 86_400_000;

type Load = (event: never) => unknown;
let coordinator: User;
let token: string;
let projectId: string, consortiumId: string, callId: string, fundId: string;

beforeAll(async () => {
	[coordinator] = await db().select().from(users).where(eq(users.email, 'agent@bethune.example'));
	token = (await write((tx) => createSession(tx, coordinator.id))).token;
	projectId = (await listPublicProjects({}, 0, 1)).projects[0].id;
	consortiumId = (await listConsortia({}, 0, 1)).consortia[0].consortium.id;
	fundId = (await listFunds({ status: null, consortiumId: null }, 0, 1)).funds[0].id;
	// The demo's open call of Béthune, which the coordinator evaluates (the bench's evaluation page).
	[{ id: callId }] = await db().select({ id: calls.id }).from(calls).where(eq(calls.title, 'Mesurer la fréquentation du centre-ville sans caméra'));
});

/** The statements of one request: the session lookup, the layouts' loads and the page's load. */
async function request(path: string, id: string, page: Load, signedIn: boolean) {
	const layouts: Load[] = signedIn ? [rootLayout as Load, appLayout as Load] : [rootLayout as Load];
	const { result, queries } = await countQueries(() =>
		callRoute({ token: signedIn ? token : null, path, params: { id } }, async (event: never) => {
			for (const layout of layouts) await layout(event);
			return page(event);
		})
	);
	return { data: dataOf(result), queries };
}

function dataOf(outcome: RouteOutcome) {
	if (outcome.kind !== 'ok') throw new Error(`the page answered ${JSON.stringify(outcome)}`);
	return outcome.data as Record<string, unknown> & { [key: string]: never };
}

/** `count` verified organisations of `kind`, created now (cities on real communes, so that they cover places). */
async function newOrganisations(tx: Tx, kind: 'city' | 'startup', count: number) {
	const unclaimed = sql`${communes.inseeCode} NOT IN (SELECT insee_code FROM organisations WHERE insee_code IS NOT NULL)`;
	const places = kind === 'city' ? await tx.select({ inseeCode: communes.inseeCode }).from(communes).where(unclaimed).limit(count) : [];
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const id = newId();
		await tx.insert(organisations).values({
			id,
			slug: `${kind}-${id}`,
			kind,
			name: `${kind === 'city' ? 'Ville' : 'Jeune pousse'} ${id}`,
			inseeCode: places[i]?.inseeCode ?? null,
			verificationStatus: 'verified',
			createdBy: coordinator.id,
			createdAt: new Date()
		});
		ids.push(id);
	}
	return ids;
}

describe('the detail pages of issue #18 send at most ten statements, whatever they hold', () => {
	it('a public project: its places, co-proposers, reuse, replications and documents', async () => {
		const path = `/projects/${projectId}`;
		await request(path, projectId, projectPage as Load, false); // reference lists some pages keep once read
		const before = await request(path, projectId, projectPage as Load, false);

		await write(async (tx) => {
			const now = new Date();
			const cities = await newOrganisations(tx, 'city', MORE);
			const codes = (await tx.select({ code: departements.code }).from(departements).limit(5)).map((d) => d.code);
			await tx
				.insert(projectDepartements)
				.values(codes.map((code) => ({ projectId, departementCode: code })))
				.onConflictDoNothing();
			await tx.insert(projectCoproposers).values(
				cities.slice(0, 4).map((organisationId, i) => ({
					projectId,
					organisationId,
					status: i % 2 ? ('accepted' as const) : ('invited' as const),
					invitedBy: coordinator.id,
					invitedAt: now
				}))
			);
			await tx
				.insert(projectReuse)
				.values({ projectId, licence: 'EUPL-1.2', updatedAt: now })
				.onConflictDoUpdate({ target: projectReuse.projectId, set: { licence: 'EUPL-1.2' } });
			for (let i = 0; i < 3; i++) {
				await tx.insert(projectBudgetLines).values({ id: newId(), projectId, position: 100 + i, label: `Poste ${i}`, amountCents: (i + 1) * 1000_00 });
				const indicatorId = newId();
				await tx.insert(projectIndicators).values({ id: indicatorId, projectId, position: 100 + i, name: `Indicateur ${i}`, unit: '%' });
				await tx.insert(indicatorMeasurements).values([
					{ indicatorId, measuredOn: '2026-01-01', value: 10 },
					{ indicatorId, measuredOn: '2026-06-01', value: 20 }
				]);
				await tx.insert(projectDocuments).values({
					id: newId(),
					projectId,
					title: `Document ${i}`,
					file: `missing-${newId()}.pdf`,
					fileName: `document-${i}.pdf`,
					size: 1000,
					uploadedBy: coordinator.id,
					uploadedAt: now
				});
			}
			// Cities that replicate the project (their own published projects), and an original it asks to replicate.
			for (const [i, organisationId] of cities.slice(4).entries()) {
				const id = newId();
				await tx.insert(projects).values({
					id,
					proposerOrganisationId: organisationId,
					title: `Réplique ${i}`,
					summary: 'Une réplique',
					theme: 'digital_inclusion',
					status: 'published',
					createdBy: coordinator.id,
					createdAt: now,
					updatedAt: now
				});
				const original = i === 0;
				await tx.insert(projectInterests).values({
					id: newId(),
					projectId: original ? id : projectId,
					organisationId: original ? (await tx.select().from(projects).where(eq(projects.id, projectId)))[0].proposerOrganisationId : organisationId,
					kind: 'replicate',
					status: original ? 'requested' : 'accepted',
					replicaProjectId: original ? projectId : id,
					requestedBy: coordinator.id,
					requestedAt: now
				});
			}
		});

		const after = await request(path, projectId, projectPage as Load, false);
		type Shown = { departements: unknown[]; coproposers: unknown[]; documents: { list: unknown[] } };
		type Links = { tree: unknown[]; pendingOriginal: unknown; reuse: { indicators: { measurements: unknown[] }[]; budgetLines: unknown[] } };
		const shown = after.data as unknown as Shown & { rapprochements: Links };
		expect(shown.departements.length).toBeGreaterThanOrEqual(5);
		expect(shown.coproposers).toHaveLength((before.data as unknown as Shown).coproposers.length + 2);
		expect(shown.documents.list.length).toBeGreaterThanOrEqual(3);
		expect(shown.rapprochements.tree.length).toBeGreaterThanOrEqual(MORE - 5);
		expect(shown.rapprochements.pendingOriginal).not.toBeNull();
		expect(shown.rapprochements.reuse.indicators.every((i) => i.measurements.length > 0)).toBe(true);
		expect(shown.rapprochements.reuse.budgetLines.length).toBeGreaterThanOrEqual(3);
		expect(after.queries).toBe(before.queries);
		expect(after.queries).toBeLessThanOrEqual(MAX_STATEMENTS);
	});

	it('a public consortium: its members, their places, its projects and its history', async () => {
		const path = `/consortia/${consortiumId}`;
		await request(path, consortiumId, consortiumPage as Load, false);
		const before = await request(path, consortiumId, consortiumPage as Load, false);

		await write(async (tx) => {
			const now = new Date();
			const cities = await newOrganisations(tx, 'city', MORE);
			for (const [i, organisationId] of cities.entries()) {
				await tx.insert(consortiumMembers).values({
					id: newId(),
					consortiumId,
					organisationId,
					invitedName: organisationId,
					status: i % 3 === 0 ? 'invited' : 'council_approved',
					invitedBy: coordinator.id,
					invitedAt: now
				});
				const project = newId();
				await tx.insert(projects).values({
					id: project,
					proposerOrganisationId: organisationId,
					title: `Projet commun ${i}`,
					summary: 'Ensemble',
					theme: 'digital_inclusion',
					status: 'published',
					createdBy: coordinator.id,
					createdAt: now,
					updatedAt: now
				});
				await tx.insert(consortiumProjects).values({ consortiumId, projectId: project });
				await tx.insert(auditEvents).values({
					at: now,
					actorUserId: coordinator.id,
					action: 'consortium.project_linked',
					objectType: 'consortium',
					objectId: consortiumId,
					details: { title: `Projet commun ${i}` }
				});
			}
		});

		const after = await request(path, consortiumId, consortiumPage as Load, false);
		const count = (data: unknown) => (data as { memberCount: number }).memberCount;
		expect(count(after.data)).toBe(count(before.data) + MORE);
		expect((after.data as unknown as { projects: unknown[] }).projects.length).toBeGreaterThanOrEqual(MORE);
		expect(after.queries).toBe(before.queries);
		expect(after.queries).toBeLessThanOrEqual(MAX_STATEMENTS);
	});

	it('the evaluation of a call, for its evaluator (an admin of the publisher): responses, scores, declarations', async () => {
		const path = `/calls/${callId}/evaluation`;
		const before = await request(path, callId, evaluationPage as Load, true);

		await write(async (tx) => {
			const now = new Date();
			const startups = await newOrganisations(tx, 'startup', MORE);
			const criteria = await tx.select().from(callCriteria).where(eq(callCriteria.callId, callId));
			const evaluators = await tx.select().from(callEvaluators).where(eq(callEvaluators.callId, callId));
			for (const startup of startups) {
				const responseId = newId();
				await tx.insert(responses).values({
					id: responseId,
					callId,
					startupOrganisationId: startup,
					status: 'submitted',
					proposal: 'Nos capteurs',
					priceCents: 40_000_00,
					durationMonths: 6,
					team: 'Trois personnes',
					createdBy: coordinator.id,
					createdAt: now,
					updatedAt: now,
					submittedAt: now
				});
				for (const evaluator of evaluators) {
					await tx.insert(responseConflicts).values({ responseId, evaluatorId: evaluator.userId, hasConflict: false, declaredAt: now });
					for (const criterion of criteria) {
						await tx.insert(evaluationScores).values({ responseId, evaluatorId: evaluator.userId, criterionId: criterion.id, score: 4, scoredAt: now });
					}
				}
			}
		});

		const after = await request(path, callId, evaluationPage as Load, true);
		const ranking = (data: unknown) => (data as { ranking: { mean: number | null }[] }).ranking;
		expect(ranking(after.data)).toHaveLength(ranking(before.data).length + MORE);
		expect(ranking(after.data).filter((r) => r.mean !== null).length).toBeGreaterThanOrEqual(MORE);
		expect(after.queries).toBe(before.queries);
		expect(after.queries).toBeLessThanOrEqual(MAX_STATEMENTS);
	});

	it('the dashboard of a fund, for its coordinator: pledges in each list, members, disbursements, money to return', async () => {
		const path = `/funds/${fundId}/dashboard`;
		const before = await request(path, fundId, dashboardPage as Load, true);

		await write(async (tx) => {
			const now = new Date();
			const cities = await newOrganisations(tx, 'city', MORE * 3);
			for (const [i, organisationId] of cities.entries()) {
				const id = newId();
				const status = (['intent', 'approved', 'called'] as const)[i % 3];
				await tx.insert(pledges).values({
					id,
					fundId,
					organisationId,
					amountCents: 1000_00,
					status,
					enteredBy: coordinator.id,
					enteredAt: now,
					updatedAt: now,
					dueDate: status === 'called' ? new Date(now.getTime() - 3 * DAY) : null
				});
				const entry = { fundId, pledgeId: id, organisationId, amountCents: 1000_00, actorUserId: coordinator.id };
				await appendEntry(tx, { ...entry, kind: 'pledge' });
				if (status !== 'intent') await appendEntry(tx, { ...entry, kind: 'approve' });
				if (status === 'called') {
					await appendEntry(tx, { ...entry, kind: 'call' });
					// Paid twice: what was due is received, the rest waits to be returned.
					await appendEntry(tx, { ...entry, kind: 'receipt', amountCents: 400_00 });
					await appendEntry(tx, { ...entry, kind: 'unapplied', amountCents: 50_00 });
				}
			}
			for (let i = 0; i < 3; i++) {
				const id = newId();
				await tx
					.insert(disbursements)
					.values({ id, fundId, projectId, amountCents: 100_00, description: `Versement ${i}`, proposedBy: coordinator.id, proposedAt: now });
				await tx.insert(subsidyRecords).values({
					disbursementId: id,
					conventionDate: '2026-01-15',
					decisionReference: `DEL-${i}`,
					nature: 'aide en numéraire',
					paymentConditions: 'unique',
					paymentPeriod: '2026-02-01',
					recordedBy: coordinator.id,
					recordedAt: now
				});
			}
		});

		const after = await request(path, fundId, dashboardPage as Load, true);
		type Board = {
			lists: Record<'approval' | 'call' | 'payment', { length: number }>;
			unapplied: unknown[];
			overdueCount: number;
			disbursements: { subsidy: unknown }[];
		};
		const [was, is] = [before.data as unknown as Board, after.data as unknown as Board];
		for (const list of ['approval', 'call', 'payment'] as const) expect(is.lists[list].length).toBe(was.lists[list].length + MORE);
		expect(is.unapplied).toHaveLength(was.unapplied.length + MORE);
		expect(is.overdueCount).toBeGreaterThanOrEqual(MORE);
		expect(is.disbursements.filter((d) => d.subsidy !== null).length).toBeGreaterThanOrEqual(3);
		expect(after.queries).toBe(before.queries);
		expect(after.queries).toBeLessThanOrEqual(MAX_STATEMENTS);
	});
});
