import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createClient } from '@libsql/client';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../../src/lib/domain/csv';
import { E2E_DATABASE_URL, expectAccessible, signIn } from './support';

const COORDINATOR = 'agent@bethune.example'; // admin of Béthune, which coordinates the demo consortium
const SECOND_SIGNATORY = 'elu@bethune.example';
const FIRST_SIGNATORY = 'finances@bethune.example'; // Béthune's second signatory: a disbursement takes two

interface Fixture {
	fundId: string;
	name: string;
	pledges: Record<string, string>;
}

/** A fund of the demo consortium in a known state, made by tests/e2e/fund-fixture.ts through the funds commands. */
async function fundFixture(scenario: 'open' | 'funded'): Promise<Fixture> {
	// The server's address, for the links of the notifications the commands send.
	const origin = test.info().project.use.baseURL;
	const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['tests/e2e/fund-fixture.ts', scenario], {
		env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, ...(origin ? { ORIGIN: origin } : {}) }
	});
	return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/**
 * Moves a called pledge's due date three days into the past. A due date cannot be set in the past
 * (the command refuses it) and a test cannot wait for one to pass, so one UPDATE of the pledge row
 * does what time would do, as closeCallNow does for calls. Only ever pass a pledge the test made.
 */
async function dueDatePassed(pledgeId: string) {
	const client = createClient({ url: E2E_DATABASE_URL });
	try {
		await client.execute('PRAGMA busy_timeout = 5000');
		const result = await client.execute({
			sql: "UPDATE pledges SET due_date = ? WHERE id = ? AND status = 'called'",
			args: [Date.now() - 3 * 86_400_000, pledgeId]
		});
		expect(result.rowsAffected, `the called pledge ${pledgeId} is now overdue`).toBe(1);
	} finally {
		client.close();
	}
}

/** A calendar day relative to today, as a date field takes it. */
function day(offset: number) {
	return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** An amount as the French pages write it, whatever the spaces Intl puts in it. */
function euros(text: string) {
	return new RegExp(`^${text.replace(/ /g, '[\\s\\u202f\\u00a0]')}$`);
}

/** Text of an amount → integer cents ("100 000,00 €" → 10000000). */
function cents(text: string) {
	return Number(text.replace(/[^\d,]/g, '').replace(',', ''));
}

/** The amount shown for one total ("Reçu", "Disponible"…) in a region of totals. */
function total(region: Locator, term: string) {
	return region
		.locator('dl > div')
		.filter({
			has: region
				.page()
				.getByRole('term')
				.filter({ hasText: new RegExp(`^${term}$`) })
		})
		.getByRole('definition')
		.first();
}

async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

function paymentCard(page: Page, organisation: string) {
	return page
		.getByRole('region', { name: 'Paiements attendus' })
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { level: 3, name: organisation }) });
}

async function recordReceipt(page: Page, organisation: string, amount: string, reference: string) {
	const form = page.getByRole('group', { name: `Enregistrer un paiement reçu de ${organisation}` });
	await form.getByLabel('Montant reçu (€)').fill(amount);
	await form.getByLabel('Référence du virement').fill(reference);
	await paymentCard(page, organisation)
		.getByRole('button', { name: `Enregistrer le paiement (${organisation})` })
		.click();
	return form;
}

test('the coordinator calls pledges, records payments by hand, sees what is late, and the ledger, its CSV and the API agree', async ({ page, request }) => {
	const fund = await fundFixture('open');
	const dashboard = `/funds/${fund.fundId}/dashboard`;
	await signIn(page, COORDINATOR);
	await page.goto(dashboard);
	await expect(page.getByRole('heading', { level: 1, name: `Pilotage du fonds « ${fund.name} »` })).toBeVisible();
	const totals = page.getByRole('region', { name: 'Totaux par état' });
	await expect(total(totals, 'Engagé')).toHaveText(euros('180 000,00 €'));
	await expect(total(totals, 'Intentions')).toHaveText(euros('40 000,00 €'));

	// What waits, with links to where it is done.
	const todo = page.getByRole('region', { name: 'Ce qui vous attend' });
	await expect(todo.getByRole('link', { name: 'Engagements approuvés à appeler : 2' })).toHaveAttribute('href', '#to-call');
	await expect(todo.getByRole('link', { name: 'Engagements en attente de l’approbation de leur signataire : 1' })).toHaveAttribute(
		'href',
		'#awaiting-approval'
	);
	// Saint-Quentin's intent is there to read, not to approve: its own signatory does that.
	const approval = page.getByRole('region', { name: 'Engagements en attente d’approbation' });
	await expect(approval.getByRole('row', { name: /Saint-Quentin/ })).toContainText(/40[\s\u202f\u00a0]000,00[\s\u00a0]€/);
	await expect(approval.getByRole('button')).toHaveCount(0);

	// Calling: nothing ticked, then a past due date, are refused with what was chosen kept.
	const calling = page.getByRole('region', { name: 'Engagements à appeler' });
	await calling.getByRole('button', { name: 'Appeler' }).click();
	await expect(calling.getByText('Cochez au moins un engagement à appeler.')).toBeVisible();
	await expect(calling.getByLabel('Date limite de paiement')).toHaveAccessibleDescription(/Indiquez une date/);
	await calling.getByRole('checkbox', { name: /Nevers/ }).check();
	await calling.getByLabel('Date limite de paiement').fill(day(-5));
	await calling.getByRole('button', { name: 'Appeler' }).click();
	await expect(calling.getByLabel('Date limite de paiement')).toHaveAccessibleDescription(/La date limite de paiement ne peut pas être passée\./);
	await expect(calling.getByRole('checkbox', { name: /Nevers/ })).toBeChecked();
	await expect(calling.getByRole('checkbox', { name: /Beauvais/ })).not.toBeChecked();
	await expect(calling.getByLabel('Date limite de paiement')).toHaveValue(day(-5));

	await calling.getByRole('checkbox', { name: /Beauvais/ }).check();
	await calling.getByLabel('Date limite de paiement').fill(day(30));
	await calling.getByRole('button', { name: 'Appeler' }).click();
	await expect(calling.getByText('Engagements appelés : 2. Les organisations concernées ont été prévenues.')).toBeVisible();
	await expect(calling.getByText('Aucun engagement approuvé n’attend d’être appelé.')).toBeVisible();
	await expect(total(totals, 'Appelé, à recevoir')).toHaveText(euros('180 000,00 €'));
	await expect(total(totals, 'Approuvé, à appeler')).toHaveText(euros('0,00 €'));

	// Payments are recorded by hand: the page says why.
	const payments = page.getByRole('region', { name: 'Paiements attendus' });
	await expect(payments.getByText(/Stripe\) n’est pas configuré : enregistrez à la main/)).toBeVisible();
	await expect(paymentCard(page, 'Nevers').getByRole('definition').first()).toHaveText(euros('100 000,00 €'));

	// A zero amount is refused, and what was typed stays. (More than is due is recorded, the rest as money to
	// return: tests/integration/money-unapplied.test.ts.)
	let form = await recordReceipt(page, 'Nevers', '0', 'VIR-NEV-01');
	await expect(form.getByLabel('Montant reçu (€)')).toHaveAccessibleDescription(/Saisissez un montant supérieur à zéro\./);
	await expect(form.getByLabel('Montant reçu (€)')).toHaveValue('0');
	await expect(form.getByLabel('Référence du virement')).toHaveValue('VIR-NEV-01');

	// A partial payment, then the rest.
	form = await recordReceipt(page, 'Nevers', '40 000', 'VIR-NEV-01');
	await expect(payments.getByText(/^Paiement partiel de 40[\s\u202f\u00a0]000,00[\s\u00a0]€ enregistré ; le reste est toujours attendu\.$/)).toBeVisible();
	await expect(total(totals, 'Reçu')).toHaveText(euros('40 000,00 €'));
	await expect(total(totals, 'Disponible')).toHaveText(euros('40 000,00 €'));
	await expect(total(totals, 'Appelé, à recevoir')).toHaveText(euros('140 000,00 €'));
	await expect(paymentCard(page, 'Nevers').getByRole('definition').first()).toHaveText(euros('60 000,00 €'));
	await expect(form.getByLabel('Montant reçu (€)')).toHaveValue('');

	await recordReceipt(page, 'Nevers', '60000', 'VIR-NEV-02');
	await expect(payments.getByText(/^Paiement de 60[\s\u202f\u00a0]000,00[\s\u00a0]€ enregistré : l’engagement est entièrement payé\.$/)).toBeVisible();
	await expect(paymentCard(page, 'Nevers')).toHaveCount(0);
	await expect(total(totals, 'Reçu')).toHaveText(euros('100 000,00 €'));

	// Beauvais's due date passes: the call is marked overdue, in words, and listed among what waits.
	await expect(paymentCard(page, 'Beauvais').getByText('En retard', { exact: true })).toHaveCount(0);
	await dueDatePassed(fund.pledges.beauvais);
	await page.reload();
	await expect(paymentCard(page, 'Beauvais').getByText('En retard', { exact: true })).toBeVisible();
	await expect(paymentCard(page, 'Beauvais')).toContainText('date limite dépassée');
	await expect(todo.getByRole('link', { name: 'Appels de fonds en retard de paiement : 1' })).toHaveAttribute('href', '#awaiting-payment');

	// Each member against the cap (150 000 € per member).
	const members = page.getByRole('table', { name: 'Contribution de chaque membre au regard du plafond' });
	const nevers = members.getByRole('row', { name: /^Nevers/ });
	await expect(nevers.getByRole('cell').nth(1)).toHaveText(euros('100 000,00 €'));
	await expect(nevers.getByRole('cell').nth(2)).toHaveText(euros('100 000,00 €'));
	await expect(nevers.getByRole('cell').nth(3)).toHaveText(euros('150 000,00 €'));
	await expect(nevers.getByRole('cell').nth(4)).toContainText(/^\s*66[\s\u202f\u00a0]%$/);
	await expectAccessible(page);

	// The public ledger says the same totals.
	const shown = {
		committed: await total(totals, 'Engagé').innerText(),
		received: await total(totals, 'Reçu').innerText(),
		available: await total(totals, 'Disponible').innerText()
	};
	await page.getByRole('link', { name: 'Registre public du fonds' }).click();
	await expect(page).toHaveURL(`/funds/${fund.fundId}/ledger`);
	const ledgerTotals = page.getByRole('region', { name: 'Totaux du fonds' });
	await expect(total(ledgerTotals, 'Engagé')).toHaveText(shown.committed);
	await expect(total(ledgerTotals, 'Reçu')).toHaveText(shown.received);
	await expect(total(ledgerTotals, 'Disponible')).toHaveText(shown.available);
	const table = page.getByRole('table', { name: /^Registre du fonds « .* », écritures n° \d+ à \d+/ });
	// Three pledges entered, two approved, two called, two receipts; the header takes two rows.
	await expect(table.getByRole('row')).toHaveCount(2 + 9);
	await expect(table.getByRole('row').last()).toContainText('Paiement reçu');
	await expect(table.getByRole('row').last()).toContainText('VIR-NEV-02');
	// The table scrolls sideways on a phone: its region takes the keyboard focus to do so.
	const scroller = page.getByRole('region', { name: /^Registre du fonds « .* », écritures/ });
	await scroller.focus();
	await expect(scroller).toBeFocused();
	await expectAccessible(page);

	// The CSV: a download whose receipts add up to the received total the dashboard shows.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le registre complet (CSV)' }).click()]);
	expect(download.suggestedFilename()).toBe(`ledger-${fund.fundId}.csv`);
	const bytes = await readFile((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const [header, ...rows] = parseCsv(bytes.toString('utf8'));
	expect(rows).toHaveLength(9);
	const receipts = rows.filter((row) => row[header.indexOf('kind')] === 'receipt');
	expect(receipts.map((row) => row[header.indexOf('kind_label')])).toEqual(['Paiement reçu', 'Paiement reçu']);
	const receivedCents = receipts.reduce((sum, row) => sum + Number(row[header.indexOf('amount_cents')]), 0);
	expect(receivedCents).toBe(cents(shown.received));
	expect(receipts.map((row) => row[header.indexOf('amount_eur')])).toEqual(['40000.00', '60000.00']);
	expect(Number(rows.at(-1)![header.indexOf('available_cents')])).toBe(cents(shown.available));

	// …and so does the public API.
	const api = await (await request.get(`/api/v1/funds/${fund.fundId}`)).json();
	expect(api.totals).toMatchObject({ committedCents: cents(shown.committed), receivedCents: cents(shown.received), availableCents: cents(shown.available) });
});

test('only the coordinator may open the dashboard or act from it; unknown funds are not found', async ({ browser, page, request }) => {
	const fund = await fundFixture('open');
	const dashboard = `/funds/${fund.fundId}/dashboard`;

	// A member city's admin, and its signatory: refused, and a hand-made receipt changes nothing.
	for (const email of ['agent@nevers.example', 'elu@nevers.example']) {
		const member = await signedIn(browser, email);
		const response = await member.goto(dashboard);
		expect(response?.status()).toBe(403);
		await expect(
			member.getByText('Ce tableau de bord est réservé aux administrateurs et signataires de l’organisation qui coordonne le consortium du fonds.')
		).toBeVisible();
		if (email === 'agent@nevers.example') await expectAccessible(member);
		const forged = await member.evaluate(
			async ([path, pledgeId]) => {
				const body = new URLSearchParams({ pledgeId, amount: '1000', bankReference: 'FAUX', receivedOn: new Date().toISOString().slice(0, 10) });
				const answer = await fetch(`${path}?/receipt`, { method: 'POST', body, headers: { accept: 'text/html' }, redirect: 'manual' });
				return answer.status;
			},
			[dashboard, fund.pledges.nevers]
		);
		expect(forged).toBe(403);
		await member.context().close();
	}

	// Someone signed out is sent to sign in, and back here afterwards.
	await page.goto(dashboard);
	await expect(page).toHaveURL(/\/login\?redirectTo=/);

	// Unknown ids and bad parameters: not found, or simply the first page, never an error.
	await signIn(page, COORDINATOR);
	expect((await page.goto('/funds/doesnotexist0000/dashboard'))?.status()).toBe(404);
	expect((await page.goto('/funds/%27%3Bdrop/dashboard'))?.status()).toBe(404);
	expect((await request.get('/funds/doesnotexist0000/ledger')).status()).toBe(404);
	expect((await request.get('/funds/doesnotexist0000/ledger.csv')).status()).toBe(404);
	const odd = await request.get(`/funds/${fund.fundId}/ledger?after=abc`);
	expect(odd.status()).toBe(200);
	expect(await odd.text()).toContain('écritures n°');
	expect((await request.get(`/funds/${fund.fundId}/ledger?after=99999999999`)).status()).toBe(200);
});

test('a disbursement is proposed by one person and approved by a second signatory', async ({ browser }) => {
	const fund = await fundFixture('funded');
	const dashboard = `/funds/${fund.fundId}/dashboard`;

	const proposer = await signedIn(browser, FIRST_SIGNATORY);
	await proposer.goto(dashboard);
	const section = proposer.getByRole('region', { name: 'Décaissements' });
	await section.getByLabel('Bénéficiaire').selectOption({ label: 'Entrepôt de données urbaines partagé' });
	await section.getByLabel('Montant (€)').fill('80 000');
	await section.getByLabel('Ce que finance ce décaissement').fill('Première tranche, sur facture n° 2026-14.');
	await section.getByRole('button', { name: 'Proposer le décaissement' }).click();
	await expect(section.getByLabel('Montant (€)')).toHaveAccessibleDescription(/Ce montant dépasse la trésorerie disponible du fonds\./);
	await expect(section.getByLabel('Ce que finance ce décaissement')).toHaveValue('Première tranche, sur facture n° 2026-14.');
	await section.getByLabel('Montant (€)').fill('25 000');
	await section.getByRole('button', { name: 'Proposer le décaissement' }).click();
	await expect(section.getByText('Décaissement proposé : un autre signataire de l’organisation coordinatrice doit maintenant l’approuver.')).toBeVisible();
	// The proposer waits for someone else.
	await expect(section.getByText('Vous l’avez proposé : un autre signataire doit l’approuver.')).toBeVisible();
	await expect(section.getByRole('button', { name: /Approuver le décaissement/ })).toHaveCount(0);
	await expect(
		proposer.getByRole('region', { name: 'Ce qui vous attend' }).getByRole('link', { name: 'Décaissements en attente d’un second signataire : 1' })
	).toBeVisible();

	const signer = await signedIn(browser, SECOND_SIGNATORY);
	await signer.goto(dashboard);
	const pending = signer.getByRole('region', { name: 'Décaissements' });
	// A rejection needs its reason.
	await pending.getByText('Refuser ce décaissement…').click();
	await pending.getByRole('button', { name: /Refuser le décaissement/ }).click();
	await expect(pending.getByLabel('Motif du refus')).toHaveAccessibleDescription(/Expliquez le motif du refus/);
	await expectAccessible(signer);
	// The approval records what the law asks to publish (SCDL subventions): it waits for the convention and the decision.
	await pending.getByRole('button', { name: /Approuver le décaissement/ }).click();
	await expect(pending.getByLabel('Date de la convention')).toHaveAccessibleDescription(/Ce champ est obligatoire\./);
	await expect(pending.getByLabel('Référence de la décision')).toHaveAccessibleDescription(/Ce champ est obligatoire\./);
	await pending.getByLabel('Date de la convention').fill(day(-1));
	await pending.getByLabel('Référence de la décision').fill('DEL-2026-140');
	await pending.getByRole('button', { name: /Approuver le décaissement/ }).click();
	await expect(pending.getByText('Décaissement approuvé : le montant est sorti du fonds et inscrit au registre.')).toBeVisible();
	const totals = signer.getByRole('region', { name: 'Totaux par état' });
	await expect(total(totals, 'Décaissé')).toHaveText(euros('25 000,00 €'));
	await expect(total(totals, 'Disponible')).toHaveText(euros('35 000,00 €'));
	await expect(pending.getByText('Approuvé', { exact: true })).toBeVisible();

	await signer.goto(`/funds/${fund.fundId}`);
	await expect(signer.getByText('Financé', { exact: true }).first()).toBeVisible();
	await signer.goto(`/funds/${fund.fundId}/ledger`);
	await expect(signer.getByRole('row').last()).toContainText('Décaissement');
	await expect(signer.getByRole('row').last()).toContainText('Entrepôt de données urbaines partagé');
	await expect(total(signer.getByRole('region', { name: 'Totaux du fonds' }), 'Disponible')).toHaveText(euros('35 000,00 €'));
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the coordinator calls a pledge and records its payment with plain forms', async ({ page }) => {
		const fund = await fundFixture('open');
		await signIn(page, COORDINATOR);
		await page.goto(`/funds/${fund.fundId}/dashboard`);
		const calling = page.getByRole('region', { name: 'Engagements à appeler' });
		await calling.getByRole('checkbox', { name: /Beauvais/ }).check();
		await calling.getByLabel('Date limite de paiement').fill(day(20));
		await calling.getByRole('button', { name: 'Appeler' }).click();
		// The browser comes back to the section it acted in, which says what was done.
		await expect(page).toHaveURL(/#to-call$/);
		await expect(calling.getByText('Engagements appelés : 1. Les organisations concernées ont été prévenues.')).toBeVisible();
		// A second tab holds the same form, filled in the same way.
		const again = await page.context().newPage();
		await again.goto(`/funds/${fund.fundId}/dashboard`);
		const form = again.getByRole('group', { name: 'Enregistrer un paiement reçu de Beauvais' });
		await form.getByLabel('Montant reçu (€)').fill('80 000');
		await form.getByLabel('Référence du virement').fill('VIR-BEA-01');
		await recordReceipt(page, 'Beauvais', '80 000', 'VIR-BEA-01');
		await expect(page).toHaveURL(/#awaiting-payment$/);
		await expect(page.getByText(/^Paiement de 80[\s\u202f\u00a0]000,00[\s\u00a0]€ enregistré : l’engagement est entièrement payé\.$/)).toBeVisible();
		await expect(total(page.getByRole('region', { name: 'Totaux par état' }), 'Reçu')).toHaveText(euros('80 000,00 €'));
		// The same receipt posted a second time (a reload, a second tab): refused, nothing booked twice, and said
		// above the list although the paid pledge's form is gone.
		await again.getByRole('button', { name: 'Enregistrer le paiement (Beauvais)' }).click();
		await expect(again.getByRole('region', { name: 'Paiements attendus' }).getByRole('alert')).toHaveText(
			'Ce virement (même référence) est déjà enregistré pour cet engagement.'
		);
		await expect(again.getByRole('group', { name: 'Enregistrer un paiement reçu de Beauvais' })).toHaveCount(0);
		await expect(total(again.getByRole('region', { name: 'Totaux par état' }), 'Reçu')).toHaveText(euros('80 000,00 €'));
	});
});
