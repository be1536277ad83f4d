import { expect, test } from '@playwright/test';
import { PLATFORM_ADMIN, expectAccessible, newVerifiedUser, queueEntry, signIn, fillEvidence } from './support';

test('a city claim refused by the platform admin shows the reason to the claimant', async ({ page, browser }) => {
	// The claim now carries a PDF and the administrator gives a second factor: more steps than before.
	test.setTimeout(240_000);
	await newVerifiedUser(page, 'mairie');

	// No kind is presumed: the person chooses "Commune", then searches the official list, accents optional.
	await expect(page.getByRole('link', { name: 'Commune', exact: true })).not.toHaveAttribute('aria-current', 'page');
	await page.getByRole('link', { name: 'Commune', exact: true }).click();
	await expect(page.getByRole('link', { name: 'Commune', exact: true })).toHaveAttribute('aria-current', 'page');
	const search = page.getByRole('searchbox', { name: 'Nom, code postal ou code INSEE' });
	await search.fill('chateauroux');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Résultats' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Inscrire Châteauroux-les-Alpes' })).toBeVisible();

	// The same commune found by its postal code.
	await search.fill('36000');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	const result = page.getByRole('listitem').filter({ hasText: 'INSEE 36044' });
	await expect(result).toContainText('Indre (36)');
	await result.getByRole('link', { name: 'Inscrire Châteauroux', exact: true }).click();
	// The claim states a function and carries the act that empowers the person.
	const claim = page.getByRole('region', { name: 'Revendiquer Châteauroux' });
	await expect(claim).toContainText('36044');
	await fillEvidence(claim, 'Adjoint au maire chargé du numérique');
	await claim.getByRole('button', { name: 'Envoyer la demande pour Châteauroux' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'Châteauroux' })).toBeVisible();
	await expect(page.getByText('En attente de vérification')).toBeVisible();
	await expect(page.getByText('L’équipe d’Entente vérifie cette demande.')).toBeVisible();
	const organisationPath = new URL(page.url()).pathname;

	// The platform admin refuses it; a reason is required.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, PLATFORM_ADMIN);
	await admin.goto('/admin');
	const entry = queueEntry(admin, 'Châteauroux');
	await expect(entry).toContainText('36044');
	await entry.getByRole('button', { name: 'Refuser Châteauroux' }).click();
	await expect(entry.getByText('Expliquez le motif du refus : le demandeur le lira.')).toBeVisible();
	const reasonField = entry.getByRole('textbox', { name: 'Motif du refus' });
	await expect(reasonField).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(admin);

	const reason = 'Joignez l’arrêté de délégation signé par le maire, puis refaites la demande.';
	await reasonField.fill(reason);
	await entry.getByRole('button', { name: 'Refuser Châteauroux' }).click();
	await expect(admin.getByText('La demande est refusée ; le demandeur a été prévenu avec le motif.')).toBeVisible();
	await expect(queueEntry(admin, 'Châteauroux')).toHaveCount(0);
	// The audit log keeps who refused it and why.
	await admin.getByRole('link', { name: 'Journal d’audit' }).click();
	const event = admin.getByRole('row').filter({ hasText: reason });
	await expect(event).toContainText('organisation.rejected');
	await expect(event).toContainText(PLATFORM_ADMIN);
	await adminContext.close();

	// The claimant reads the reason on the organisation page…
	await page.goto(organisationPath);
	await expect(page.getByText('Refusée', { exact: true })).toBeVisible();
	const notice = page.getByRole('alert').filter({ hasText: 'Cette demande a été refusée.' });
	await expect(notice).toContainText(`Motif : ${reason}`);
	await expectAccessible(page);

	// …and in the notifications.
	await page.getByRole('link', { name: /^Notifications/ }).click();
	const notification = page.getByRole('listitem').filter({ hasText: 'La demande pour Châteauroux a été refusée.' });
	await expect(notification).toContainText(`Motif : ${reason}`);
	await expectAccessible(page);
	await notification.getByRole('button', { name: 'Marquer comme lue' }).click();
	await expect(page.getByText('Notification marquée comme lue.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Marquer comme lue' })).toHaveCount(0);
});
