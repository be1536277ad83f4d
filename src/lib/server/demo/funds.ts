import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { db } from '../db';
import { recordSubsidyDetails } from '../funds/subsidy-records';
import { parisDay } from '../../domain/consortia';
import { consortia, organisations, pledges, projects, totpCredentials, users } from '../db/schema';
import type { SessionUser } from '../auth/second-factor';
import {
	amendPledge,
	approvePledge,
	callPledges,
	decideDisbursement,
	enterPledge,
	offerMatch,
	openFund,
	proposeDisbursement,
	recordReceipt,
	settleDueFunds,
	withdrawPledge
} from '../funds/commands';
import { approveMatchOffer } from '../funds/offers';
import { recordRefundMade } from '../funds/refunds';
import { approveReceivingAccount, proposeReceivingAccount } from '../funds/receiving-account';

const DAY = 86_400_000;
/** A made-up account at the Trésor public (bank 10071), with a valid RIB key and IBAN key. */
const DEMO_ACCOUNT = { holder: 'Trésorerie de Béthune – Commune de Béthune (démo)', iban: 'FR76 1007 1620 0000 0010 0012 332', bic: 'TRPUFRP1' };
/** The demo's payments are recorded by hand, even where Stripe is configured: no invoice for a story. */
const MANUAL = { viaStripe: false };

/**
 * The demo consortium's funds, told through the same commands people use, each at its moment in the
 * past, so the ledger, the audit log and the pages agree as they would in real life:
 * - a funded smart-city fund with pledges paid, partly paid, called and overdue, approved, withdrawn and
 *   lapsed, the partner's matches, one disbursement made and one awaiting a second signatory;
 * - an experimentation fund still open, with pledges to approve and a conditional match offer;
 * - a lighting fund that failed its all-or-nothing threshold: approvals released, a payment owed back
 *   then refunded with its bank reference, another still owed.
 */
export async function seedDemoFunds(log: (line: string) => void) {
	const now = Date.now();
	const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
	const [consortium] = await db().select().from(consortia).where(eq(consortia.name, 'Villes de France connectées (démo)'));
	if (!consortium) return;
	const people = await db().select().from(users);
	const enrolled = new Set((await db().select({ userId: totpCredentials.userId }).from(totpCredentials)).map((c) => c.userId));
	// The seed acts as its people would, each having typed the demo code now: stated, never assumed,
	// and only for those enrolled with it (the seed enrols every demo signatory).
	const person = (email: string): SessionUser => {
		const account = people.find((p) => p.email === email)!;
		return { ...account, secondFactor: { enrolled: enrolled.has(account.id), passedAt: new Date() } };
	};
	const agent = (city: string) => person(`agent@${city}.example`);
	const elu = (city: string) => person(`elu@${city}.example`);
	const partnerUser = person('partenaire@fonds-territoires.example');
	const partnerSigner = person('direction@fonds-territoires.example');
	const orgs = await db().select({ id: organisations.id, slug: organisations.slug, kind: organisations.kind, name: organisations.name }).from(organisations);
	const city = (name: string) => orgs.find((o) => o.kind === 'city' && o.name === name)!.id;
	const partner = orgs.find((o) => o.kind === 'partner')!.id;

	const must = <T extends { ok: boolean }>(step: string, outcome: T) => {
		if (!outcome.ok) throw new Error(`demo funds: ${step} refused (${(outcome as unknown as { code: string }).code})`);
		return outcome as Extract<T, { ok: true }>;
	};
	const vote = (reference: string, daysAgo: number) => ({ reference, date: at(daysAgo) });

	// ——— The lighting fund, opened first, failed 15 days ago ———
	const lighting = must(
		'open lighting fund',
		await openFund(
			agent('bethune'),
			consortium.id,
			{
				kind: 'investment',
				name: 'Éclairage public intelligent (démo)',
				purpose: 'Remplacer 4 000 points lumineux par des LED pilotées à distance. Le fonds **tout ou rien** devait réunir 800 000 € avant l’échéance.',
				targetCents: 800_000_00,
				thresholdCents: 800_000_00,
				rule: 'all_or_nothing',
				deadline: at(15),
				capAmountCents: null,
				capSharePercent: 50
			},
			at(70)
		)
	).id;
	// Béthune's account at the Trésor, where members pay: entered by its agent, approved by its elected signatory.
	const account = must('receiving account', await proposeReceivingAccount(agent('bethune'), lighting, DEMO_ACCOUNT, at(69))).id;
	must('approve receiving account', await approveReceivingAccount(elu('bethune'), lighting, account, at(68)));
	const lightB = must('pledge', await enterPledge(agent('bethune'), city('Béthune'), lighting, 100_000_00, 'Budget investissement 2026', at(65))).id;
	must('approve', await approvePledge(elu('bethune'), lightB, vote('2026-DEL-017', 62), at(62)));
	const lightSQ = must('pledge', await enterPledge(agent('saint-quentin'), city('Saint-Quentin'), lighting, 80_000_00, '', at(60))).id;
	must('approve', await approvePledge(elu('saint-quentin'), lightSQ, vote('2026/05/03', 58), at(58)));
	must('call', await callPledges(agent('bethune'), lighting, [lightB, lightSQ], at(30), at(57), MANUAL));
	must(
		'receipt',
		await recordReceipt(agent('bethune'), lightB, { amountCents: 100_000_00, bankReference: 'VIR-BETHUNE-2026-0412', receivedOn: at(40) }, at(40))
	);
	must(
		'receipt',
		await recordReceipt(agent('bethune'), lightSQ, { amountCents: 30_000_00, bankReference: 'VIR-SAINT-QUENTIN-2026-0388', receivedOn: at(35) }, at(35))
	);

	// ——— The smart-city fund, funded 10 days ago ———
	const smart = must(
		'open smart-city fund',
		await openFund(
			agent('bethune'),
			consortium.id,
			{
				kind: 'investment',
				name: 'Fonds commun smart city (démo)',
				purpose:
					'Financer ensemble le **commerce de centre-ville connecté** et l’**entrepôt de données urbaines partagé** des cinq villes.\n\nTout ou rien : les engagements ne valent que si 400 000 € sont réunis à l’échéance. Plafond par ville : 40 % de l’objectif.',
				targetCents: 600_000_00,
				thresholdCents: 400_000_00,
				rule: 'all_or_nothing',
				deadline: at(10),
				capAmountCents: null,
				capSharePercent: 40
			},
			at(45)
		)
	).id;
	const b = must('pledge', await enterPledge(agent('bethune'), city('Béthune'), smart, 150_000_00, 'Autorisation de programme 2026-04', at(40))).id;
	must('approve', await approvePledge(elu('bethune'), b, vote('2026-DEL-052', 38), at(38)));
	const bv = must('pledge', await enterPledge(agent('beauvais'), city('Beauvais'), smart, 120_000_00, '', at(39))).id;
	must('amend', await amendPledge(agent('beauvais'), bv, 130_000_00, at(37)));
	must('approve', await approvePledge(elu('beauvais'), bv, vote('D2026-131', 33), at(33)));
	const sq = must('pledge', await enterPledge(agent('saint-quentin'), city('Saint-Quentin'), smart, 100_000_00, '', at(36))).id;
	must('approve', await approvePledge(elu('saint-quentin'), sq, vote('2026/06/21', 30), at(30)));
	const smartOffer = must(
		'match offer',
		await offerMatch(
			partnerUser,
			partner,
			smart,
			{ ratioPercent: 25, capPerPledgeCents: 30_000_00, totalCapCents: 100_000_00, onlyIfThresholdReached: false },
			at(28)
		)
	).id;
	must('approve match offer', await approveMatchOffer(partnerSigner, smartOffer, vote('CA-FTC-2026-07', 28), at(28)));
	const nv = must('pledge', await enterPledge(agent('nevers'), city('Nevers'), smart, 80_000_00, '', at(30))).id;
	must('approve', await approvePledge(elu('nevers'), nv, vote('DCM-2026-101', 25), at(25)));
	const nvExtra = must('pledge', await enterPledge(agent('nevers'), city('Nevers'), smart, 20_000_00, 'Complément envisagé', at(20))).id;
	must('withdraw', await withdrawPledge(agent('nevers'), nvExtra, at(18)));
	must('pledge', await enterPledge(agent('saint-quentin'), city('Saint-Quentin'), smart, 15_000_00, 'Complément, non voté à temps', at(12)));

	const settled = await settleDueFunds(at(10));
	if (settled[smart] !== 'funded' || settled[lighting] !== 'failed') throw new Error(`demo funds: unexpected settlement ${JSON.stringify(settled)}`);
	// The failed fund owed Béthune its 100 000 €: the coordinator sent them back and recorded the transfer.
	must(
		'refund',
		await recordRefundMade(agent('bethune'), lightB, { amountCents: 100_000_00, bankReference: 'VIR-REMB-ECLAIRAGE-BETHUNE', sentOn: at(8) }, at(8))
	);

	const matchPledges = await db()
		.select({ id: pledges.id, matchesPledgeId: pledges.matchesPledgeId })
		.from(pledges)
		.where(and(eq(pledges.fundId, smart), isNotNull(pledges.matchOfferId)));
	const matchFor = (pledgeId: string) => matchPledges.find((p) => p.matchesPledgeId === pledgeId)!.id;
	must('call', await callPledges(agent('bethune'), smart, [b, bv, sq, matchFor(b), matchFor(bv), matchFor(sq)], at(-21), at(9), MANUAL));
	must('call', await callPledges(agent('bethune'), smart, [nv], at(2), at(9), MANUAL));
	must('receipt', await recordReceipt(agent('bethune'), b, { amountCents: 150_000_00, bankReference: 'VIR-BETHUNE-2026-0977', receivedOn: at(5) }, at(5)));
	must('receipt', await recordReceipt(agent('bethune'), matchFor(b), { amountCents: 30_000_00, bankReference: 'VIR-FTC-2026-118', receivedOn: at(4) }, at(4)));
	must('receipt', await recordReceipt(agent('bethune'), bv, { amountCents: 65_000_00, bankReference: 'VIR-BEAUVAIS-2026-1540', receivedOn: at(3) }, at(3)));

	const linked = await db()
		.select({ id: projects.id, title: projects.title })
		.from(projects)
		.where(inArray(projects.title, ['Revitaliser le cœur de ville par le commerce connecté', 'Entrepôt de données urbaines partagé']));
	const heart = linked.find((p) => p.title.startsWith('Revitaliser'));
	const warehouse = linked.find((p) => p.title.startsWith('Entrepôt'));
	if (heart) {
		const first = must(
			'disbursement',
			await proposeDisbursement(
				person('finances@bethune.example'),
				smart,
				{ projectId: heart.id, responseId: null, amountCents: 120_000_00, description: 'Première tranche : bornes et capteurs des rues commerçantes' },
				at(2)
			)
		).id;
		// What the law asks to publish (SCDL subventions), recorded by the approving signatory.
		const paidOn = parisDay(at(1));
		must(
			'subsidy details',
			await recordSubsidyDetails(
				elu('bethune'),
				first,
				{ conventionDate: parisDay(at(3)), decisionReference: 'DEL-2026-118', nature: 'aide en numéraire', paymentConditions: 'unique', paymentPeriod: paidOn },
				at(1)
			)
		);
		must('approve disbursement', await decideDisbursement(elu('bethune'), first, { approve: true }, at(1)));
	}
	if (warehouse) {
		must(
			'disbursement',
			await proposeDisbursement(
				person('finances@bethune.example'),
				smart,
				{ projectId: warehouse.id, responseId: null, amountCents: 60_000_00, description: 'Hébergement et mise en service de l’entrepôt de données' },
				at(0.5)
			)
		);
	}

	// ——— The experimentation fund, open for 25 more days ———
	const experiments = must(
		'open experimentation fund',
		await openFund(
			agent('bethune'),
			consortium.id,
			{
				kind: 'experimentation',
				name: 'Fonds d’expérimentation capteurs (démo)',
				purpose: 'Financer les expérimentations retenues aux appels du consortium. Fonds **souple** : il garde ce qui est engagé.',
				targetCents: 200_000_00,
				thresholdCents: 120_000_00,
				rule: 'flexible',
				deadline: at(-25),
				capAmountCents: 80_000_00,
				capSharePercent: null
			},
			at(8)
		)
	).id;
	const eB = must('pledge', await enterPledge(agent('bethune'), city('Béthune'), experiments, 50_000_00, '', at(7))).id;
	must('approve', await approvePledge(elu('bethune'), eB, vote('2026-DEL-088', 6), at(6)));
	must('pledge', await enterPledge(agent('beauvais'), city('Beauvais'), experiments, 40_000_00, 'Sous réserve du vote du conseil du mois prochain', at(4)));
	must('pledge', await enterPledge(agent('nevers'), city('Nevers'), experiments, 30_000_00, '', at(2)));
	must(
		'match offer',
		await offerMatch(
			partnerUser,
			partner,
			experiments,
			{ ratioPercent: 100, capPerPledgeCents: null, totalCapCents: 50_000_00, onlyIfThresholdReached: true },
			at(3)
		)
	);
	log('demo: three funds (funded, open, failed) told through the ledger');
}
