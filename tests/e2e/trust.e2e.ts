import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createClient } from '@libsql/client';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	E2E_DATABASE_URL,
	PLATFORM_ADMIN,
	answerTotp,
	confirmEmail,
	enrolTotp,
	expectAccessible,
	fillEvidence,
	linkFromMail,
	newPassword,
	newVerifiedUser,
	queueEntry,
	signIn,
	signUp,
	uniqueEmail
} from './support';

// Who may act for a city, checked before public money moves: a claim with its act, verified against
// the official record; a signatory named with an act, who must pass a second factor to approve.

async function signedIn(browser: Browser, email: string) {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

/** A fund of the demo consortium where Saint-Quentin's pledge waits for a signatory (tests/e2e/fund-fixture.ts). */
async function openFundAwaitingSaintQuentin(): Promise<{ name: string; pledges: { saintQuentin: string } }> {
	const origin = test.info().project.use.baseURL;
	const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['tests/e2e/fund-fixture.ts', 'open'], {
		env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, ...(origin ? { ORIGIN: origin } : {}) }
	});
	return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

function pledgeCard(page: Page, fundName: string) {
	return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: fundName }) });
}

async function fillApproval(page: Page, fundName: string, reference: string) {
	const card = pledgeCard(page, fundName);
	await card.getByLabel('Numéro de la délibération').fill(reference);
	await card.getByLabel('Date de la délibération').fill(yesterday());
	await card.getByRole('button', { name: /Approuver l’engagement/ }).click();
}

test('a city claims with its délégation, the admin checks it against the official record and verifies', async ({ page, browser }) => {
	test.setTimeout(180_000);
	await newVerifiedUser(page, 'vierzon');
	await page.getByRole('link', { name: 'Commune', exact: true }).click();
	await page.getByRole('searchbox', { name: 'Nom, code postal ou code INSEE' }).fill('Vierzon');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('listitem').filter({ hasText: 'INSEE 18279' }).getByRole('link', { name: 'Inscrire Vierzon', exact: true }).click();

	// The claim form shows the official record, and asks for the function and the act.
	const claim = page.getByRole('region', { name: 'Revendiquer Vierzon' });
	await expect(claim).toContainText('18279');
	await expect(claim).toContainText('Cher (18)');
	await expectAccessible(page);
	await claim.getByRole('button', { name: 'Envoyer la demande pour Vierzon' }).click();
	await expect(claim.getByText('Indiquez votre fonction.')).toBeVisible();
	await expect(claim.getByText('Joignez l’acte qui vous habilite, en PDF.')).toBeVisible();
	// A file that is not a PDF is refused, whatever its name says.
	await claim.getByRole('textbox', { name: 'Votre fonction' }).fill('Adjointe au maire chargée du numérique');
	await claim.getByLabel('Acte d’habilitation (PDF)').setInputFiles({ name: 'arrete.pdf', mimeType: 'application/pdf', buffer: Buffer.from('pas un PDF') });
	await claim.getByRole('button', { name: 'Envoyer la demande pour Vierzon' }).click();
	await expect(claim.getByText('Ce fichier n’est pas un PDF.')).toBeVisible();
	await fillEvidence(claim, 'Adjointe au maire chargée du numérique');
	await claim.getByRole('button', { name: 'Envoyer la demande pour Vierzon' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Vierzon' })).toBeVisible();
	await expect(page.getByText('En attente de vérification')).toBeVisible();

	// The administrator (asked for a code at sign-in) sees the dossier.
	const admin = await signedIn(browser, PLATFORM_ADMIN);
	await admin.goto('/admin');
	const entry = queueEntry(admin, 'Vierzon');
	await expect(entry).toContainText('18279'); // INSEE
	await expect(entry).toContainText('Cher (18)');
	await expect(entry).toContainText('Adjointe au maire chargée du numérique');
	await expect(entry).toContainText('Aucun domaine connu enregistré');
	await expect(entry).toContainText('Aucune autre demande.');
	const act = entry.getByRole('link', { name: 'arrete-delegation.pdf' });
	const download = await admin.request.get((await act.getAttribute('href'))!);
	expect(download.headers()['content-type']).toBe('application/pdf');
	expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
	// The act is for administrators only.
	expect((await page.request.get((await act.getAttribute('href'))!, { maxRedirects: 0 })).status()).toBe(403);

	// The town hall's domain, kept by the administrator: the claimant's address is not on it.
	await entry.getByRole('textbox', { name: 'Ajouter un domaine connu' }).fill('https://www.Vierzon.fr/');
	await entry.getByRole('button', { name: 'Ajouter (Vierzon)' }).click();
	await expect(queueEntry(admin, 'Vierzon')).toContainText('Domaine inconnu de l’organisation');
	await expect(queueEntry(admin, 'Vierzon').getByText('www.vierzon.fr', { exact: true })).toBeVisible();
	await expectAccessible(admin);

	await queueEntry(admin, 'Vierzon').getByRole('button', { name: 'Vérifier Vierzon' }).click();
	await expect(admin.getByText('L’organisation est vérifiée ; ses membres ont été prévenus.')).toBeVisible();
	// A second administrator can look the decision over.
	const decision = admin.getByRole('region', { name: 'Décisions récentes' }).getByRole('row').filter({ hasText: 'Vierzon' });
	await expect(decision).toContainText('Vérifiée');
	await expect(decision).toContainText('Vous');
	await expect(decision.getByRole('link', { name: 'arrete-delegation.pdf' })).toBeVisible();
	await admin.getByRole('link', { name: 'Journal d’audit' }).click();
	await expect(admin.getByRole('row').filter({ hasText: 'organisation.verified' }).filter({ hasText: PLATFORM_ADMIN }).first()).toBeVisible();
	await admin.context().close();

	// The claimant, now administrator of a verified city, reads it on the organisation page.
	await page.reload();
	await expect(page.getByText('Vérifiée', { exact: true })).toBeVisible();
});

test('a signatory named with an act enrols a second factor and is asked for it before approving a pledge', async ({ browser }) => {
	test.setTimeout(240_000);
	// Saint-Quentin's administrator names a new signatory: the invitation carries the act naming them.
	const agent = await signedIn(browser, 'agent@saint-quentin.example');
	await agent.goto('/organisations/saint-quentin/members');
	const signatory = { name: 'Samia Signataire', email: uniqueEmail('signataire-sq'), password: newPassword() };
	await agent.getByLabel('Adresse e-mail').fill(signatory.email);
	await agent.getByRole('combobox', { name: 'Rôle', exact: true }).selectOption({ label: 'Signataire' });
	await agent.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(agent.getByText('Joignez sa fonction et l’acte qui désigne ce signataire')).toBeVisible();
	await fillEvidence(agent.locator('form[action="?/invite"]'), 'Adjointe aux finances', 'Arrêté de délégation de signature');
	await agent.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(agent.getByText(`Invitation envoyée à ${signatory.email}.`)).toBeVisible();
	await agent.context().close();

	const signer = await (await browser.newContext()).newPage();
	const invitation = await linkFromMail(signatory.email, '/invitations/');
	await signer.goto(invitation);
	await signer.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await signUp(signer, signatory);
	await confirmEmail(signer, signatory.email);
	await signer.goto(invitation);
	await signer.getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(signer.getByText('Vous avez rejoint l’organisation.')).toBeVisible();

	// Approving sends the signatory to enrol an authenticator first; nothing is approved meanwhile.
	const first = await openFundAwaitingSaintQuentin();
	await signer.goto('/pledges', { waitUntil: 'networkidle' });
	await fillApproval(signer, first.name, 'SQ-2026-01');
	await expect(signer).toHaveURL(/\/account\/two-factor\?redirectTo=%2Fpledges$/);
	await expectAccessible(signer);
	const secret = await enrolTotp(signer);
	await expectAccessible(signer);
	await signer.getByRole('link', { name: 'Continuer' }).click();
	await expect(signer).toHaveURL(/\/pledges$/);
	await fillApproval(signer, first.name, 'SQ-2026-01');
	await expect(signer.getByText(/Engagement approuvé \(délibération n° SQ-2026-01\)/)).toBeVisible();

	// Twelve hours later (the session's proof aged by hand), the code is asked again.
	const second = await openFundAwaitingSaintQuentin();
	const client = createClient({ url: E2E_DATABASE_URL });
	try {
		await client.execute({
			sql: 'update sessions set second_factor_at = ? where user_id = (select id from users where email = ?)',
			args: [Date.now() - 13 * 3_600_000, signatory.email]
		});
	} finally {
		client.close();
	}
	// A POST straight to the action, without the second factor, changes nothing.
	const origin = test.info().project.use.baseURL!;
	const forged = await signer.request.post('/pledges?/approve', {
		form: { pledgeId: second.pledges.saintQuentin, reference: 'SQ-FORGED', date: yesterday() },
		// What a browser sends without JavaScript.
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	// Sent to the code page instead.
	expect(forged.status()).toBe(303);
	expect(forged.headers()['location']).toBe('/two-factor?redirectTo=%2Fpledges');
	await signer.goto('/pledges', { waitUntil: 'networkidle' });
	await expect(pledgeCard(signer, second.name).getByRole('button', { name: /Approuver l’engagement/ })).toBeVisible();

	// Through the page: asked for the code, then back to approve.
	await fillApproval(signer, second.name, 'SQ-2026-02');
	await expect(signer).toHaveURL(/\/two-factor\?redirectTo=%2Fpledges$/);
	await expectAccessible(signer);
	await answerTotp(signer, secret);
	await expect(signer).toHaveURL(/\/pledges$/);
	await fillApproval(signer, second.name, 'SQ-2026-02');
	await expect(signer.getByText(/Engagement approuvé \(délibération n° SQ-2026-02\)/)).toBeVisible();
	await signer.context().close();
});
