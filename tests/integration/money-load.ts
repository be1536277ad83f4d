// Money writes in flight, for the resilience tests (db-backup, money-concurrency): cities that pledge,
// approve, are called and pay (by bank transfer recorded by the coordinator, or through Stripe's signed
// webhook), over and over, all at once, and a record of every write the platform acknowledged.
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { pledges, type User } from '$lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund, recordReceipt, type FundInput } from '$lib/server/funds/commands';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { createUser, proven } from './support';
import { activeConsortium, fundInput, ok, organisation, vote } from './funds-support';
import { FakeStripe } from '../support/fake-stripe';

export interface City {
	id: string;
	agent: User;
	signer: User;
}

export interface MoneyWorld {
	coordinator: User;
	cities: City[];
	consortiumId: string;
}

/** A coordinating city and `count` member cities (an agent and a signatory each), in one active consortium. */
export async function moneyWorld(count: number): Promise<MoneyWorld> {
	const coordinator = await createUser();
	const coordinating = await organisation('city', 'Coordination', [[coordinator, 'admin']]);
	const cities: City[] = [];
	for (let i = 0; i < count; i++) {
		const [agent, signer] = [await createUser(), await createUser()];
		const id = await organisation('city', `Ville${i}`, [
			[agent, 'member'],
			[signer, 'signatory']
		]);
		cities.push({ id, agent, signer });
	}
	const consortiumId = await activeConsortium(
		coordinating,
		cities.map((c) => c.id),
		coordinator
	);
	return { coordinator, cities, consortiumId };
}

export async function newFund(world: MoneyWorld, overrides: Partial<FundInput>) {
	return ok(await openFund(world.coordinator, world.consortiumId, fundInput({ deadline: new Date(Date.now() + 24 * 3_600_000), ...overrides }))).id;
}

/** Every write the platform answered `ok` (or `applied` for a webhook), to look for afterwards. */
export interface Acknowledged {
	pledges: { id: string; fundId: string; organisationId: string; amountCents: number }[];
	approved: string[];
	called: string[];
	/** Bank transfers recorded, by pledge and reference. */
	receipts: { pledgeId: string; reference: string; amountCents: number }[];
	/** Stripe payments applied, by pledge. */
	webhooks: { pledgeId: string; amountCents: number }[];
	refusals: Map<string, number>;
	operations: number;
}

export function acknowledged(): Acknowledged {
	return { pledges: [], approved: [], called: [], receipts: [], webhooks: [], refusals: new Map(), operations: 0 };
}

function refused(log: Acknowledged, what: string, outcome: { ok: boolean }) {
	const code = `${what}: ${(outcome as { code?: string }).code ?? 'refused'}`;
	log.refusals.set(code, (log.refusals.get(code) ?? 0) + 1);
}

/** A write answered 503 (the write queue is full) was not acknowledged: it counts as a refusal. */
async function attempt<T extends { ok: boolean }>(log: Acknowledged, what: string, run: () => Promise<T>): Promise<T | null> {
	log.operations++;
	try {
		const outcome = await run();
		if (!outcome.ok) refused(log, what, outcome);
		return outcome;
	} catch (error) {
		if ((error as { status?: number }).status === 503) {
			refused(log, what, { ok: false, code: 'busy_503' } as never);
			return null;
		}
		throw error;
	}
}

export interface FlowOptions {
	amountCents: () => number;
	/** Pay through Stripe (a signed webhook, delivered twice at once) rather than by a recorded transfer. */
	viaStripe: (cycle: number) => boolean;
	fake?: FakeStripe;
	stop: () => boolean;
	maxCycles: number;
}

/**
 * One city pledging to one fund, over and over: enter → approve → call → paid. Each step's answer is
 * logged; a refusal (a cap reached, the queue full) ends the city's cycle or the flow, as a person
 * would stop. The transfer form is sent twice (a double click): one receipt, one `duplicate_receipt`.
 */
export async function pledgeFlow(world: MoneyWorld, city: City, fundId: string, log: Acknowledged, options: FlowOptions) {
	for (let cycle = 0; cycle < options.maxCycles && !options.stop(); cycle++) {
		const amountCents = options.amountCents();
		const entered = await attempt(log, 'enter', () => enterPledge(city.agent, city.id, fundId, amountCents));
		if (!entered?.ok) return;
		log.pledges.push({ id: entered.id, fundId, organisationId: city.id, amountCents });
		const approval = await attempt(log, 'approve', () => approvePledge(proven(city.signer), entered.id, vote(`DCM-${entered.id.slice(0, 8)}`)));
		if (!approval?.ok) return;
		log.approved.push(entered.id);
		const viaStripe = options.viaStripe(cycle);
		const call = await attempt(log, 'call', () =>
			callPledges(world.coordinator, fundId, [entered.id], new Date(Date.now() + 86_400_000), new Date(), { viaStripe })
		);
		if (!call?.ok) return;
		log.called.push(entered.id);
		if (viaStripe) {
			const fake = options.fake!;
			const [row] = await db().select({ invoiceId: pledges.stripeInvoiceId }).from(pledges).where(eq(pledges.id, entered.id));
			const event = fake.event('invoice.paid', fake.pay(row.invoiceId!, amountCents));
			const { payload, signature } = FakeStripe.sign(event);
			// Stripe retries: the same event arrives twice at once, and is applied once.
			const answers = await Promise.all([0, 1].map(() => (log.operations++, handleStripeWebhook(payload, signature))));
			const applied = answers.filter((a) => a.status === 200 && (a.body as { outcome?: string }).outcome === 'applied');
			if (applied.length === 1) log.webhooks.push({ pledgeId: entered.id, amountCents });
			else refused(log, 'webhook', { ok: false, code: `applied ${applied.length} times: ${JSON.stringify(answers.map((a) => a.body))}` } as never);
		} else {
			const reference = `VIR-${entered.id.slice(0, 10)}`;
			const receipt = { amountCents, bankReference: reference, receivedOn: new Date() };
			const answers = await Promise.all([0, 1].map(() => attempt(log, 'receipt', () => recordReceipt(world.coordinator, entered.id, receipt))));
			const recorded = answers.filter((a) => a?.ok).length;
			if (recorded >= 1) log.receipts.push({ pledgeId: entered.id, reference, amountCents });
			if (recorded > 1) refused(log, 'receipt', { ok: false, code: 'recorded_twice' } as never);
		}
	}
}
