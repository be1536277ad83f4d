import { expect, test } from '@playwright/test';
import { PLATFORM_ADMIN, expectAccessible, linkFromMail, newPassword, newVerifiedUser, confirmEmail, queueEntry, signIn, signUp, uniqueEmail } from './support';

test('a founder signs up, registers a startup, gets it verified and brings in a colleague', async ({ page, browser }) => {
	test.setTimeout(240_000); // a long journey through three browsers (and a second factor for the administrator)
	// 1. Sign up and confirm the address from the email.
	const founder = await newVerifiedUser(page, 'fondateur', { checkAccessible: true });

	// 2. Register the startup.
	await page.getByRole('link', { name: 'Startup ou PME' }).click();
	await expect(page).toHaveURL(/kind=startup/);
	await expect(page.getByRole('link', { name: 'Startup ou PME' })).toHaveAttribute('aria-current', 'page');
	const startupName = `Capteurs Test ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
	await page.getByLabel('Nom de l’organisation').fill(startupName);
	await page.getByRole('textbox', { name: 'SIREN ou SIRET', exact: true }).fill('55210055400013');
	await page.getByLabel('Code NAF').fill('62.01Z');
	await page.getByLabel('Présentation').fill('Des capteurs de qualité de l’air pour les écoles.');
	await page.getByRole('button', { name: 'Inscrire l’organisation' }).click();

	await expect(page.getByRole('heading', { level: 1, name: startupName })).toBeVisible();
	await expect(page.getByText('Votre demande a été enregistrée.')).toBeVisible();
	await expect(page.getByText('En attente de vérification')).toBeVisible();
	await expect(page.getByText('552100554')).toBeVisible(); // the SIREN kept from the SIRET
	const organisationPath = new URL(page.url()).pathname;
	await expectAccessible(page);

	// Unverified: no invitations yet.
	await page.getByRole('link', { name: 'Voir les membres' }).click();
	await expect(page.getByText('Vous pourrez inviter des membres dès que l’organisation aura été vérifiée.')).toBeVisible();

	// 3. The platform administrator verifies it, in another browser.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, PLATFORM_ADMIN);
	await admin.getByRole('link', { name: 'Administration' }).click();
	await expect(admin.getByRole('heading', { level: 1, name: 'Demandes à vérifier' })).toBeVisible();
	const entry = queueEntry(admin, startupName);
	await expect(entry).toContainText(founder.email);
	await expect(entry).toContainText('SIREN 552100554');
	await expect(entry).toContainText('NAF 62.01Z');
	await entry.getByRole('button', { name: `Vérifier ${startupName}` }).click();
	await expect(admin.getByText('L’organisation est vérifiée ; ses membres ont été prévenus.')).toBeVisible();
	await expect(queueEntry(admin, startupName)).toHaveCount(0);

	// The decision is in the audit log.
	await admin.getByRole('link', { name: 'Journal d’audit' }).click();
	await expect(admin.getByRole('heading', { level: 1, name: 'Journal d’audit' })).toBeVisible();
	await expect(admin.getByRole('row').filter({ hasText: 'organisation.verified' }).filter({ hasText: PLATFORM_ADMIN }).first()).toBeVisible();
	await expectAccessible(admin);
	await adminContext.close();

	// 4. The founder sees "Vérifiée" and a notification.
	await page.goto(organisationPath);
	await expect(page.getByText('Vérifiée', { exact: true })).toBeVisible();
	await page.getByRole('link', { name: /^Notifications/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	await expect(page.getByText(`${startupName} a été vérifiée : vous pouvez maintenant agir en son nom.`)).toBeVisible();
	await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
	await expect(page.getByText('Toutes les notifications sont marquées comme lues.')).toBeVisible();

	// 5. The founder invites a colleague as a member.
	await page.goto(organisationPath);
	await page.getByRole('link', { name: 'Voir les membres' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Membres de ${startupName}` })).toBeVisible();
	const colleague = { name: 'Camille Collègue', email: uniqueEmail('collegue'), password: newPassword() };
	await page.getByLabel('Adresse e-mail').fill(colleague.email);
	await page.getByRole('combobox', { name: 'Rôle', exact: true }).selectOption({ label: 'Membre' });
	await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(page.getByText(`Invitation envoyée à ${colleague.email}.`)).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: colleague.email })).toContainText('Membre');
	const membersPath = new URL(page.url()).pathname;

	// 6. The colleague creates an account with the invited address, confirms it, and accepts.
	const colleagueContext = await browser.newContext();
	const other = await colleagueContext.newPage();
	const invitationPath = await linkFromMail(colleague.email, '/invitations/');
	await other.goto(invitationPath);
	await expect(other.getByText(`Vous êtes invité à rejoindre ${startupName} avec le rôle « Membre ».`)).toBeVisible();
	await expectAccessible(other);
	await other.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await expect(other).toHaveURL(/\/signup$/);
	await signUp(other, colleague);
	await confirmEmail(other, colleague.email);
	await other.goto(invitationPath);
	await other.getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(other.getByText('Vous avez rejoint l’organisation.')).toBeVisible();
	await expect(other.getByRole('heading', { level: 1, name: startupName })).toBeVisible();
	await expect(other.getByText('Votre rôle : Membre.')).toBeVisible();

	// The colleague sees the members list, read-only.
	await other.getByRole('link', { name: 'Voir les membres' }).click();
	const ownRow = other.getByRole('row').filter({ hasText: colleague.email });
	await expect(ownRow).toContainText(colleague.name);
	await expect(ownRow).toContainText('Membre');
	await expect(other.getByRole('button', { name: 'Envoyer l’invitation' })).toHaveCount(0);

	// The invitation cannot be used twice.
	await other.goto(invitationPath);
	await expect(other.getByText('Cette invitation n’est plus valable : elle a été utilisée, annulée ou a expiré.')).toBeVisible();
	await colleagueContext.close();

	// 7. The founder sees the colleague in the list with the role Membre, and no pending invitation.
	await page.goto(membersPath);
	const row = page.getByRole('row').filter({ hasText: colleague.email });
	await expect(row).toContainText(colleague.name);
	await expect(row.getByLabel(`Rôle de ${colleague.name}`)).toHaveValue('member');
	await expect(page.getByText('Aucune invitation en attente.')).toBeVisible();

	// The founder makes the colleague a signatory…
	await row.getByRole('combobox', { name: `Rôle de ${colleague.name}` }).selectOption({ label: 'Signataire' });
	await row.getByRole('button', { name: `Changer (${colleague.name})` }).click();
	await expect(page.getByText('Rôle modifié.')).toBeVisible();
	await page.reload();
	await expect(row.getByRole('combobox', { name: `Rôle de ${colleague.name}` })).toHaveValue('signatory');

	// …but cannot leave the organisation without an administrator.
	const ownRowAsFounder = page.getByRole('row').filter({ hasText: founder.email });
	await ownRowAsFounder.getByRole('combobox', { name: `Rôle de ${founder.name}` }).selectOption({ label: 'Membre' });
	await ownRowAsFounder.getByRole('button', { name: `Changer (${founder.name})` }).click();
	await expect(page.getByRole('alert')).toHaveText('L’organisation doit garder au moins un administrateur : nommez-en un autre d’abord.');
	await page.reload();
	await expect(ownRowAsFounder.getByRole('combobox', { name: `Rôle de ${founder.name}` })).toHaveValue('admin');
});
