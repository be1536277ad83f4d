// npm run bench:seed -- --scale demo|national
// Builds the benchmark's database at DATABASE_URL (DATA_DIR as configured): migrations, reference data and
// the demo, then, at national scale, the platform of issue #18 — 450 cities, 5,000 projects, 1,000 calls,
// 20,000 responses, 300 consortia, 1,000 funds and 200,000 ledger entries — by batched inserts in
// transactions that keep every invariant the commands keep (each pledge's row agrees with its ledger
// entries, `npm run ledger:verify` passes; search rows and départements as the commands write them).
// Its largest fund and consortium are coordinated by the demo's Béthune, so the bench's coordinator sees
// them; their ids are written to `bench-national.json` in DATA_DIR for the bench to load.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { config } from '../../src/lib/server/config.js';
import { connect, db, disconnect, write, type Tx } from '../../src/lib/server/db';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { importReferenceData } from '../../src/lib/server/reference/import';
import { seedDemo } from '../../src/lib/server/demo/seed';
import {
	calls,
	communes,
	consortia,
	consortiumMembers,
	funds,
	ledgerEntries,
	organisations,
	pledges,
	projectDepartements,
	projects,
	responses,
	users
} from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/auth/tokens';
import { indexProject } from '../../src/lib/server/projects/search-index';
import { indexCall } from '../../src/lib/server/calls/search-index';
import { entryKinds, type EntryKind } from '../../src/lib/domain/funds';
import { projectThemes } from '../../src/lib/domain/projects';
import { slugify } from '../../src/lib/domain/text';

const args = process.argv.slice(2);
const scale = args[args.indexOf('--scale') + 1] ?? 'demo';
if (!['demo', 'national'].includes(scale)) {
	console.error('bench:seed: --scale is demo or national');
	process.exit(2);
}

export const NATIONAL = {
	cities: 450,
	startups: 200,
	projects: 5000,
	calls: 1000,
	responsesPerCall: 20,
	consortia: 300,
	funds: 1000,
	ledgerEntries: 200_000,
	/** The largest fund's pledges (four entries each: pledged, approved, called, received). */
	bigFundPledges: 5000,
	bigConsortiumMembers: 150
} as const;

/** A small deterministic generator: the same database on every run. */
let state = 20261203;
const random = () => {
	state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
	return state / 2_147_483_648;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const DAY = 86_400_000;
const log = (line: string) => console.info(`[bench:seed] ${line}`);

/** Inserts `rows` into `table`, `size` at a time, each batch in its own write transaction. */
async function insertAll<R>(rows: R[], size: number, insert: (tx: Tx, batch: R[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += size) {
		const batch = rows.slice(i, i + size);
		await write((tx) => insert(tx, batch), { bounded: false });
	}
}

async function national() {
	const now = Date.now();
	const [admin] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'admin@entente.example'));
	const [bethune] = await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'bethune'));
	if (!admin || !bethune) throw new Error('the demo seed must run first (admin@entente.example, Béthune)');
	const [already] = await db()
		.select({ n: sql<number>`count(*)` })
		.from(organisations)
		.where(eq(organisations.kind, 'city'));
	if (Number(already.n) >= NATIONAL.cities) {
		log('the national data is already there');
		return;
	}

	// Cities: the largest communes that are not organisations yet (towns of the middle size first).
	const taken = (await db().select({ code: organisations.inseeCode }).from(organisations)).map((r) => r.code).filter((c): c is string => c !== null);
	const chosen = await db()
		.select({ inseeCode: communes.inseeCode, name: communes.name, departementCode: communes.departementCode })
		.from(communes)
		.where(and(notInArray(communes.inseeCode, taken), sql`${communes.population} between 8000 and 120000`))
		.orderBy(sql`${communes.population} desc`)
		.limit(NATIONAL.cities);
	const cities = chosen.map((c) => ({ ...c, id: newId() }));
	const createdAt = new Date(now - 400 * DAY);
	await insertAll(cities, 200, (tx, batch) =>
		tx.insert(organisations).values(
			batch.map((c) => ({
				id: c.id,
				slug: `${slugify(c.name)}-${c.inseeCode}`,
				kind: 'city' as const,
				name: c.name,
				inseeCode: c.inseeCode,
				verificationStatus: 'verified' as const,
				createdBy: admin.id,
				createdAt
			}))
		)
	);
	const startups = Array.from({ length: NATIONAL.startups }, (_, i) => ({ id: newId(), name: `Jeune pousse ${i + 1}` }));
	await insertAll(startups, 200, (tx, batch) =>
		tx.insert(organisations).values(
			batch.map((s) => ({
				id: s.id,
				slug: `${slugify(s.name)}-${s.id.slice(0, 6)}`,
				kind: 'startup' as const,
				name: s.name,
				verificationStatus: 'verified' as const,
				createdBy: admin.id,
				createdAt
			}))
		)
	);
	log(`${cities.length} cities, ${startups.length} startups`);

	// Projects, each with its search row and its proposer's département.
	const projectRows = Array.from({ length: NATIONAL.projects }, (_, i) => {
		const city = pick(cities);
		const at = new Date(now - Math.floor(random() * 365) * DAY);
		return {
			id: newId(),
			proposerOrganisationId: city.id,
			departementCode: city.departementCode,
			title: `Projet ${i + 1} de ${city.name}`,
			summary: `Un projet de ${city.name} pour ses habitants.`,
			description: `Ce que ${city.name} veut faire, et avec qui.`,
			theme: pick(projectThemes),
			estimatedBudgetCents: (10 + Math.floor(random() * 490)) * 1_000_00,
			seekingPartners: random() < 0.5,
			status: 'published' as const,
			createdBy: admin.id,
			createdAt: at,
			updatedAt: at,
			publishedAt: at
		};
	});
	await insertAll(projectRows, 250, async (tx, batch) => {
		await tx.insert(projects).values(batch.map(({ departementCode: _d, ...p }) => p));
		await tx.insert(projectDepartements).values(batch.map((p) => ({ projectId: p.id, departementCode: p.departementCode })));
		for (const p of batch) await indexProject(tx, p);
	});
	log(`${projectRows.length} projects`);

	// Consortia: the largest, coordinated by Béthune; the others of a coordinator and a few members.
	const consortiumRows = Array.from({ length: NATIONAL.consortia }, (_, i) => {
		const coordinator = i === 0 ? bethune.id : pick(cities).id;
		const others = new Set<string>();
		const size = i === 0 ? NATIONAL.bigConsortiumMembers : 3 + Math.floor(random() * 10);
		while (others.size < size) {
			const city = pick(cities).id;
			if (city !== coordinator) others.add(city);
		}
		return { id: newId(), name: i === 0 ? 'Entente nationale des villes moyennes' : `Entente ${i}`, coordinator, members: [coordinator, ...others] };
	});
	await insertAll(consortiumRows, 50, async (tx, batch) => {
		await tx.insert(consortia).values(
			batch.map((c) => ({
				id: c.id,
				name: c.name,
				purpose: 'Mettre nos moyens en commun.',
				coordinatorOrganisationId: c.coordinator,
				status: 'active' as const,
				minMembers: 2,
				minDepartements: 1,
				createdBy: admin.id,
				createdAt,
				updatedAt: createdAt
			}))
		);
		await tx.insert(consortiumMembers).values(
			batch.flatMap((c) =>
				c.members.map((organisationId) => ({
					id: newId(),
					consortiumId: c.id,
					organisationId,
					invitedName: organisationId,
					status: 'council_approved' as const,
					invitedBy: admin.id,
					invitedAt: createdAt
				}))
			)
		);
	});
	log(`${consortiumRows.length} consortia`);

	// Calls, open or closed, each with its search row and départements; twenty responses each.
	const callRows = Array.from({ length: NATIONAL.calls }, (_, i) => {
		const city = pick(cities);
		const open = random() < 0.6;
		const opensAt = new Date(now - (30 + Math.floor(random() * 200)) * DAY);
		return {
			id: newId(),
			publisherOrganisationId: city.id,
			title: `Appel ${i + 1} de ${city.name}`,
			challenge: `Le défi que ${city.name} pose aux jeunes pousses.`,
			theme: pick(projectThemes),
			budgetCents: (20 + Math.floor(random() * 180)) * 1_000_00,
			durationMonths: 6 + Math.floor(random() * 12),
			legalFrame: 'experimentation_convention' as const,
			opensAt,
			closesAt: new Date(open ? now + (10 + Math.floor(random() * 90)) * DAY : now - Math.floor(random() * 30 + 1) * DAY),
			status: open ? ('open' as const) : ('closed' as const),
			createdBy: admin.id,
			createdAt: opensAt,
			updatedAt: opensAt,
			publishedAt: opensAt,
			closedAt: open ? null : new Date(now - DAY)
		};
	});
	await insertAll(callRows, 100, async (tx, batch) => {
		await tx.insert(calls).values(batch);
		for (const c of batch) await indexCall(tx, c.id);
		const answers = batch.flatMap((c) => {
			const from = new Set<string>();
			while (from.size < NATIONAL.responsesPerCall) from.add(pick(startups).id);
			return [...from].map((startupOrganisationId) => ({
				id: newId(),
				callId: c.id,
				startupOrganisationId,
				status: 'submitted' as const,
				proposal: 'Notre proposition, en quelques lignes.',
				priceCents: (5 + Math.floor(random() * 95)) * 1_000_00,
				durationMonths: c.durationMonths,
				team: 'Deux ingénieurs, une designer.',
				createdBy: admin.id,
				createdAt: c.opensAt,
				updatedAt: c.opensAt,
				submittedAt: c.opensAt
			}));
		});
		for (let i = 0; i < answers.length; i += 500) await tx.insert(responses).values(answers.slice(i, i + 500));
	});
	log(`${callRows.length} calls, ${callRows.length * NATIONAL.responsesPerCall} responses`);

	// Funds: the first, the largest, in Béthune's consortium; every one open, flexible, uncapped.
	const fundRows = Array.from({ length: NATIONAL.funds }, (_, i) => {
		const consortium = i === 0 ? consortiumRows[0] : pick(consortiumRows);
		return {
			id: newId(),
			consortium,
			name: i === 0 ? 'Fonds national des capteurs' : `Fonds ${i}`,
			targetCents: 1_000_000_000_00,
			thresholdCents: 100_000_00,
			deadline: new Date(now + (20 + Math.floor(random() * 300)) * DAY)
		};
	});
	await insertAll(fundRows, 250, (tx, batch) =>
		tx.insert(funds).values(
			batch.map((f) => ({
				id: f.id,
				consortiumId: f.consortium.id,
				kind: 'investment' as const,
				name: f.name,
				purpose: 'Financer ensemble ce qu’aucune ville ne financerait seule.',
				targetCents: f.targetCents,
				thresholdCents: f.thresholdCents,
				rule: 'flexible' as const,
				deadline: f.deadline,
				status: 'open' as const,
				createdBy: admin.id,
				createdAt,
				updatedAt: createdAt
			}))
		)
	);

	// Pledges, each at a stage of its life with exactly the entries that brought it there: 200,000 in all.
	const stages: [status: 'intent' | 'approved' | 'called' | 'paid', kinds: EntryKind[]][] = [
		['intent', ['pledge']],
		['approved', ['pledge', 'approve']],
		['called', ['pledge', 'approve', 'call']],
		['paid', ['pledge', 'approve', 'call', 'receipt']]
	];
	let remaining: number = NATIONAL.ledgerEntries;
	let pledgeCount = 0;
	for (const [f, fund] of fundRows.entries()) {
		const budget = f === 0 ? NATIONAL.bigFundPledges * 4 : Math.floor(remaining / (NATIONAL.funds - f));
		let entriesLeft = Math.min(budget, remaining);
		const rows: (typeof pledges.$inferInsert)[] = [];
		const entries: (typeof ledgerEntries.$inferInsert)[] = [];
		const intentOf = new Set<string>();
		while (entriesLeft > 0) {
			const organisationId = pick(fund.consortium.members);
			// One open intent per organisation and fund, as enterPledge allows; the rest move on.
			let stage = f === 0 ? stages[3] : pick(stages);
			if (stage[0] === 'intent' && intentOf.has(organisationId)) stage = stages[3];
			if (stage[1].length > entriesLeft) stage = stages[entriesLeft - 1];
			if (stage[0] === 'intent') intentOf.add(organisationId);
			const [status, kinds] = stage;
			const id = newId();
			const amountCents = (1 + Math.floor(random() * 200)) * 1_000_00;
			const at = new Date(now - (60 + Math.floor(random() * 200)) * DAY);
			const step = (k: number) => new Date(at.getTime() + k * DAY);
			rows.push({
				id,
				fundId: fund.id,
				organisationId,
				amountCents,
				status,
				enteredBy: admin.id,
				enteredAt: at,
				approvedBy: kinds.length > 1 ? admin.id : null,
				approvedAt: kinds.length > 1 ? step(1) : null,
				deliberationReference: kinds.length > 1 ? `DEL-${id.slice(0, 6)}` : null,
				deliberationDate: kinds.length > 1 ? step(1) : null,
				calledBy: kinds.length > 2 ? admin.id : null,
				calledAt: kinds.length > 2 ? step(2) : null,
				dueDate: kinds.length > 2 ? new Date(now + 30 * DAY) : null,
				updatedAt: step(kinds.length - 1)
			});
			for (const [k, kind] of kinds.entries()) {
				const [from, to] = entryKinds[kind];
				entries.push({
					fundId: fund.id,
					pledgeId: id,
					kind,
					fromBucket: from,
					toBucket: to,
					amountCents,
					organisationId,
					reference: kind === 'approve' ? `DEL-${id.slice(0, 6)}` : kind === 'receipt' ? `VIR-${id.slice(0, 8)}` : '',
					actorUserId: admin.id,
					at: step(k)
				});
			}
			entriesLeft -= kinds.length;
			remaining -= kinds.length;
		}
		pledgeCount += rows.length;
		await write(
			async (tx) => {
				for (let i = 0; i < rows.length; i += 500) await tx.insert(pledges).values(rows.slice(i, i + 500));
				for (let i = 0; i < entries.length; i += 500) await tx.insert(ledgerEntries).values(entries.slice(i, i + 500));
			},
			{ bounded: false }
		);
	}
	log(`${fundRows.length} funds, ${pledgeCount} pledges, ${NATIONAL.ledgerEntries - remaining} ledger entries`);

	const ids = { fundId: fundRows[0].id, consortiumId: consortiumRows[0].id, projectId: projectRows[0].id, callId: callRows[0].id };
	writeFileSync(join(config().dataDir, 'bench-national.json'), JSON.stringify(ids));
}

const started = performance.now();
try {
	await connect();
	await applyMigrations();
	await importReferenceData(log);
	await seedDemo(log);
	if (scale === 'national') await national();
	log(`${scale} database ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	disconnect();
}
