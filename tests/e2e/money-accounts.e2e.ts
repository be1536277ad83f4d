import { readFile } from 'node:fs/promises';
import { expect, test, type Browser } from '@playwright/test';
import { extractText } from 'unpdf';
import { expectAccessible, signIn } from './support';

// Issue #12, as its people live it on the demo. Case 1: Béthune's agent enters a new receiving account,
// Béthune's elected signatory approves it (the person who entered it cannot), the public sees it
// masked, and Nevers downloads the avis de paiement of its called pledge, which names that account.
// Case 2: the demo's lighting fund failed without Stripe; Béthune sees the refund it still owes
// Saint-Quentin, records the transfer that sent it back, and Saint-Quentin sees it refunded, with its reference.

const FUND = 'Fonds commun smart city (démo)';
const NEW_ACCOUNT = { holder: 'Commune de Béthune – régie (démo)', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' };

async function signedIn(browser: Browser, email: string) {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

test('a new receiving account is entered, approved by a second signatory, and named by the avis de paiement', async ({ page, browser }) => {
	test.setTimeout(180_000); // three people in their own browsers
	await page.goto('/funds');
	await page.getByRole('link', { name: FUND }).first().click();
	await page.waitForURL(/\/funds\/[a-z0-9]{10,40}$/);
	const fundPath = new URL(page.url()).pathname;
	// The public sees the account in force, masked.
	await expect(page.getByText(/Compte de réception : FR76 •••• •••• •••• •••• •••2 332/)).toBeVisible();

	// 1. Béthune's agent enters a new account; a wrong key is refused first, what was typed kept.
	const agent = await signedIn(browser, 'agent@bethune.example');
	await agent.goto(`${fundPath}/dashboard`);
	const section = agent.getByRole('region', { name: 'Compte de réception des fonds' });
	await expect(section.getByText('En vigueur', { exact: true })).toBeVisible();
	await section.getByLabel('Titulaire du compte').fill(NEW_ACCOUNT.holder);
	await section.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 188');
	await section.getByLabel(/^BIC/).fill(NEW_ACCOUNT.bic);
	await section.getByRole('button', { name: 'Enregistrer pour approbation' }).click();
	await expect(section.getByLabel(/^IBAN/)).toHaveAccessibleDescription(/Cet IBAN n’est pas valide/);
	await expect(section.getByLabel('Titulaire du compte')).toHaveValue(NEW_ACCOUNT.holder);
	await section.getByLabel(/^IBAN/).fill(NEW_ACCOUNT.iban);
	await section.getByRole('button', { name: 'Enregistrer pour approbation' }).click();
	await expect(section.getByText('Compte enregistré : il sera en vigueur dès qu’une autre personne signataire l’aura approuvé.')).toBeVisible();
	await expect(section.getByText('En attente d’approbation', { exact: true })).toBeVisible();
	// Whoever entered it is told another signatory must approve it, and given no button to do so.
	await expect(section.getByText('Vous avez saisi ce compte : une autre personne signataire doit l’approuver.')).toBeVisible();
	await expect(section.getByRole('button', { name: 'Approuver ce compte' })).toHaveCount(0);
	await expectAccessible(agent);

	// 2. Béthune's elected signatory checks it and approves it.
	const elu = await signedIn(browser, 'elu@bethune.example');
	await elu.goto(`${fundPath}/dashboard`);
	await expect(elu.getByRole('link', { name: 'Compte de réception à approuver : 1' })).toBeVisible();
	const toApprove = elu.getByRole('region', { name: 'Compte de réception des fonds' });
	await expect(toApprove.getByText(NEW_ACCOUNT.iban)).toBeVisible();
	await expectAccessible(elu);
	await toApprove.getByRole('button', { name: 'Approuver ce compte' }).click();
	await expect(toApprove.getByText('Compte approuvé : il est désormais en vigueur pour les appels de fonds.')).toBeVisible();
	await expect(toApprove.getByText('En attente d’approbation', { exact: true })).toHaveCount(0);
	await page.reload();
	await expect(page.getByText(/Compte de réception : FR76 •••• •••• •••• •••• •••0 189/)).toBeVisible();

	// 3. Nevers's signatory downloads the avis de paiement of its called pledge: it names the new account.
	const nevers = await signedIn(browser, 'elu@nevers.example');
	await nevers.goto('/pledges');
	const link = nevers.getByRole('link', { name: `Avis de paiement (PDF) — ${FUND}` });
	const reference = (
		await nevers
			.getByText(/Référence à indiquer sur le virement : RF/)
			.first()
			.innerText()
	).replace(/.*: /, '');
	await expectAccessible(nevers);
	const [download] = await Promise.all([nevers.waitForEvent('download'), link.click()]);
	const { text } = await extractText(new Uint8Array(await readFile((await download.path())!)), { mergePages: true });
	const plain = text.replace(/[\s\u00a0\u202f]+/g, ' ');
	expect(plain).toContain('Avis de paiement');
	expect(plain).toContain(NEW_ACCOUNT.iban);
	expect(plain).toContain(NEW_ACCOUNT.bic);
	expect(plain).toContain(reference);
	expect(plain).toMatch(/Montant appelé [\d ]+,\d\d €/);
	expect(plain).toContain('Nevers');
});

test('a failed fund’s refund owed is recorded by the coordinator and the member sees it refunded, with its reference', async ({ browser }) => {
	test.setTimeout(120_000); // two people in their own browsers
	const agent = await signedIn(browser, 'agent@bethune.example');
	await agent.goto('/funds');
	await agent.getByRole('link', { name: 'Éclairage public intelligent (démo)' }).first().click();
	await agent.waitForURL(/\/funds\/[a-z0-9]{10,40}$/);
	// Its public progress says it failed and what became of the money received, as its totals do.
	const progress = agent.getByRole('region', { name: 'Avancement' });
	await expect(progress).toContainText('Le fonds a échoué');
	await expect(progress.locator('[data-failed="received"]')).toContainText(/130[\s\u202f\u00a0]000,00[\s\u202f\u00a0]€/);
	await expect(progress.locator('[data-failed="owed"]')).toContainText(/30[\s\u202f\u00a0]000,00[\s\u202f\u00a0]€/);
	await agent.goto(`${new URL(agent.url()).pathname}/dashboard`);
	await expect(agent.getByRole('link', { name: '1 remboursement à faire' })).toBeVisible();
	const owed = agent.getByRole('region', { name: 'Remboursements dus' });
	const card = owed.getByRole('listitem').filter({ hasText: 'Saint-Quentin' });
	await expect(card.getByText(/^30[\s\u202f\u00a0]000,00[\s\u202f\u00a0]€$/)).toBeVisible();
	await expectAccessible(agent);
	await card.getByLabel('Montant renvoyé (€)').fill('30000');
	await card.getByLabel('Référence bancaire du virement').fill('VIR-REMB-SQ-E2E');
	await card.getByRole('button', { name: /Enregistrer le remboursement/ }).click();
	await expect(agent.getByText(/Remboursement de 30[\s\u202f\u00a0]000,00[\s\u202f\u00a0]€ enregistré : plus rien n’est dû à ce membre\./)).toBeVisible();
	await expect(agent.getByRole('link', { name: '1 remboursement à faire' })).toHaveCount(0);

	const member = await signedIn(browser, 'elu@saint-quentin.example');
	await member.goto('/pledges');
	await expect(member.getByText(/^Remboursé le .+ : 30[\s\u202f\u00a0]000,00[\s\u202f\u00a0]€ \(réf\. VIR-REMB-SQ-E2E\)$/)).toBeVisible();
	await expectAccessible(member);
});
