// npx tsx tests/e2e/fund-fixture.ts <open|funded>   (DATABASE_URL: the end-to-end database by default)
//
// Puts a fund of the demo consortium in a known state, through the funds commands themselves (the
// pages that open funds and enter pledges are built on another branch), and prints its ids as JSON.
// Run by funds-dashboard.e2e.ts in a process of its own while the server runs: the database's busy
// timeout makes either writer wait for the other. Each run makes a new fund, so tests never share one.
//
// - open:   open until next month; Nevers 100 000 € and Beauvais 80 000 € approved (to call),
//           Saint-Quentin 40 000 € entered only (awaiting its signatory).
// - funded: past its deadline, settled and funded; Nevers's 60 000 € called and received, ready to be disbursed.
import { eq, inArray } from 'drizzle-orm';
import { connect, db, disconnect, write } from '../../src/lib/server/db';
import { consortia, funds, organisations, users, type User } from '../../src/lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund, recordReceipt, settleDueFunds, type FundInput } from '../../src/lib/server/funds/commands';

const DEMO_CONSORTIUM = 'Villes de France connectées (démo)';
const DAY = 86_400_000;

function ok<T extends { ok: boolean }>(what: string, outcome: T): Extract<T, { ok: true }> {
	if (!outcome.ok) throw new Error(`${what}: ${(outcome as unknown as { code: string }).code}`);
	return outcome as Extract<T, { ok: true }>;
}

async function people(emails: string[]) {
	const rows = await db().select().from(users).where(inArray(users.email, emails));
	return new Map<string, User>(rows.map((u) => [u.email, u]));
}

/** The demo cities' organisations, by name, found by their INSEE code. */
async function demoCities() {
	const codes = { Nevers: '58194', Beauvais: '60057', 'Saint-Quentin': '02691' };
	const rows = await db()
		.select({ id: organisations.id, inseeCode: organisations.inseeCode })
		.from(organisations)
		.where(inArray(organisations.inseeCode, Object.values(codes)));
	return new Map(Object.entries(codes).map(([name, code]) => [name, rows.find((r) => r.inseeCode === code)?.id]));
}

const fundInput = (name: string, deadline: Date): FundInput => ({
	kind: 'investment',
	name,
	purpose: 'Fonds créé par un test de bout en bout.',
	targetCents: 500_000_00,
	thresholdCents: 200_000_00,
	rule: 'all_or_nothing',
	deadline,
	capAmountCents: 150_000_00,
	capSharePercent: null
});

async function main(scenario: string) {
	await connect(process.env.DATABASE_URL || 'file:tests/.tmp/db/e2e.db', undefined);
	const [consortium] = await db().select({ id: consortia.id }).from(consortia).where(eq(consortia.name, DEMO_CONSORTIUM));
	if (!consortium) throw new Error(`No consortium "${DEMO_CONSORTIUM}": is the demo seeded?`);
	const who = await people([
		'agent@bethune.example',
		'agent@nevers.example',
		'elu@nevers.example',
		'agent@beauvais.example',
		'elu@beauvais.example',
		'agent@saint-quentin.example'
	]);
	const person = (email: string) =>
		who.get(email) ??
		(() => {
			throw new Error(`No demo account ${email}`);
		})();
	const orgs = await demoCities();
	const org = (name: string) =>
		orgs.get(name) ??
		(() => {
			throw new Error(`No organisation ${name}`);
		})();
	const suffix = Math.random().toString(36).slice(2, 7);
	const approval = { reference: `E2E-${suffix}`, date: new Date(Date.now() - DAY) };
	const pledge = async (agent: string, signer: string | null, organisation: string, cents: number) => {
		const { id } = ok(`pledge of ${organisation}`, await enterPledge(person(agent), org(organisation), fundId, cents));
		if (signer)
			ok(`approval of ${organisation}`, await approvePledge({ ...person(signer), secondFactor: { enrolled: true, passedAt: new Date() } }, id, approval));
		return id;
	};

	let fundId: string;
	if (scenario === 'open') {
		fundId = ok(
			'open fund',
			await openFund(person('agent@bethune.example'), consortium.id, fundInput(`Fonds test ouvert ${suffix}`, new Date(Date.now() + 30 * DAY)))
		).id;
		const nevers = await pledge('agent@nevers.example', 'elu@nevers.example', 'Nevers', 100_000_00);
		const beauvais = await pledge('agent@beauvais.example', 'elu@beauvais.example', 'Beauvais', 80_000_00);
		const saintQuentin = await pledge('agent@saint-quentin.example', null, 'Saint-Quentin', 40_000_00);
		return { fundId, name: `Fonds test ouvert ${suffix}`, pledges: { nevers, beauvais, saintQuentin } };
	}
	if (scenario === 'funded') {
		fundId = ok(
			'open fund',
			await openFund(person('agent@bethune.example'), consortium.id, {
				...fundInput(`Fonds test financé ${suffix}`, new Date(Date.now() + 30 * DAY)),
				rule: 'flexible'
			})
		).id;
		const nevers = await pledge('agent@nevers.example', 'elu@nevers.example', 'Nevers', 60_000_00);
		// The deadline passes now (no waiting for it), and the fund is settled as the server's job would
		// settle it (the job may even get there first: either way the fund is settled once, then funded).
		await write((tx) =>
			tx
				.update(funds)
				.set({ deadline: new Date(Date.now() - 1000) })
				.where(eq(funds.id, fundId))
		);
		await settleDueFunds();
		const [settled] = await db().select({ status: funds.status }).from(funds).where(eq(funds.id, fundId));
		if (settled?.status !== 'funded') throw new Error(`the fund was settled ${settled?.status}, not funded`);
		ok('call', await callPledges(person('agent@bethune.example'), fundId, [nevers], new Date(Date.now() + 30 * DAY)));
		ok(
			'receipt',
			await recordReceipt(person('agent@bethune.example'), nevers, { amountCents: 60_000_00, bankReference: `VIR-${suffix}`, receivedOn: new Date() })
		);
		return { fundId, name: `Fonds test financé ${suffix}`, pledges: { nevers } };
	}
	throw new Error(`Unknown scenario "${scenario}": open or funded.`);
}

main(process.argv[2] ?? '')
	.then((result) => console.log(JSON.stringify(result)))
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => disconnect());
