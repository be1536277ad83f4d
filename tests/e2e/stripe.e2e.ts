import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible, signIn } from './support';
import { deliverStripeEvent, payFakeInvoice, STRIPE_APP } from './funds-support';

// With Stripe configured (the second instance of playwright.config.ts, against a local fake Stripe):
// the coordinator calls a pledge, the city sees its invoice, a signed invoice.paid arrives, and the
// pledge shows paid on every page. A forged delivery changes nothing.

async function signedIn(browser: Browser, email: string) {
	const page = await (await browser.newContext({ baseURL: STRIPE_APP })).newPage();
	await signIn(page, email);
	return page;
}

test('a called pledge becomes a Stripe invoice, and the paid webhook shows it paid everywhere', async ({ browser, request }) => {
	test.setTimeout(180_000);
	// The demo's open experimentation fund: Béthune's pledge of 50 000 € is approved, not called yet.
	const funds = await (await request.get(`${STRIPE_APP}/api/v1/funds?status=open`)).json();
	const fund = funds.data.find((f: { name: string }) => f.name === 'Fonds d’expérimentation capteurs (démo)');
	expect(fund.totals.approvedCents).toBe(50_000_00);

	// 1. The coordinator calls it: no due date to choose, Stripe's invoices are due in 30 days.
	const coordinator = await signedIn(browser, 'agent@bethune.example');
	await coordinator.goto(`/funds/${fund.id}/dashboard`);
	const calling = coordinator.getByRole('region', { name: 'Engagements à appeler' });
	await expect(calling.getByText(/payable par virement sous 30 jours/)).toBeVisible();
	await expect(calling.getByLabel('Date limite de paiement')).toHaveCount(0);
	await calling.getByRole('checkbox', { name: /Béthune/ }).check();
	await calling.getByRole('button', { name: 'Appeler' }).click();
	await expect(calling.getByText(/Engagements appelés : 1\./)).toBeVisible();
	const payments = coordinator.getByRole('region', { name: 'Paiements attendus' });
	await expect(payments.getByText(/Les virements reçus par Stripe sont enregistrés d’eux-mêmes/)).toBeVisible();
	await expect(payments.getByText(/facture ouverte, 0,00\s€ payés/)).toBeVisible();
	await expectAccessible(coordinator);

	// 2. The city sees the invoice to pay by transfer.
	const city = await signedIn(browser, 'elu@bethune.example');
	await city.goto('/pledges');
	const toPay = city.getByRole('region', { name: /À payer/ });
	const invoiceLink = toPay.getByRole('link', { name: /Voir la facture/ });
	await expect(invoiceLink).toHaveAttribute('href', /^https:\/\/invoice\.stripe\.test\/i\/in_/);
	await expect(toPay.getByRole('link', { name: /Facture en PDF/ })).toHaveAttribute('href', /\/pdf$/);
	await expectAccessible(city);
	const invoiceId = (await invoiceLink.getAttribute('href'))!.split('/').at(-1)!;

	// 3. The transfer arrives; Stripe tells the platform. A forged copy first: refused, nothing moves.
	const invoice = await payFakeInvoice(invoiceId, 50_000_00);
	expect(invoice.status).toBe('paid');
	const forged = await fetch(`${STRIPE_APP}/api/stripe/webhook`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=bad' },
		body: JSON.stringify({ id: 'evt_forged', type: 'invoice.paid', data: { object: invoice } })
	});
	expect(forged.status).toBe(400);
	expect((await (await request.get(`${STRIPE_APP}/api/v1/funds/${fund.id}`)).json()).totals.receivedCents).toBe(0);
	expect(await deliverStripeEvent('invoice.paid', invoice)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });

	// 4. Paid on every page: the city's, the fund's, the dashboard, the ledger, the API.
	await city.goto('/pledges');
	await expect(city.getByRole('region', { name: /À payer/ }).getByRole('link', { name: /Voir la facture/ })).toHaveCount(0);
	await expect(
		city.getByRole('listitem').filter({ hasText: 'Fonds d’expérimentation capteurs (démo)' }).getByText('Payé', { exact: true }).first()
	).toBeVisible();
	await city.goto(`/funds/${fund.id}`);
	await expect(
		city
			.getByRole('region', { name: 'Béthune', exact: true })
			.getByRole('row')
			.filter({ hasText: /50[\s\u202f\u00a0]000,00/ })
	).toContainText('Payé');
	await coordinator.goto(`/funds/${fund.id}/dashboard`);
	await expect(coordinator.getByRole('region', { name: 'Paiements attendus' }).getByRole('listitem')).toHaveCount(0);
	await coordinator.goto(`/funds/${fund.id}/ledger`);
	await expect(coordinator.getByRole('row').last()).toContainText(`stripe:${invoiceId}`);
	const api = await (await request.get(`${STRIPE_APP}/api/v1/funds/${fund.id}`)).json();
	expect(api.totals).toMatchObject({ receivedCents: 50_000_00, calledCents: 0 });
	expect(
		api.pledges.find((p: { organisationName: string; amountCents: number }) => p.organisationName === 'Béthune' && p.amountCents === 50_000_00).status
	).toBe('paid');
});
