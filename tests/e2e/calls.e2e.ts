import { createHash } from 'node:crypto';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { closeCallNow, expectAccessible, signIn, waitForMail } from './support';
import { realPdf } from './pdf';

// Calls for experimentation, end to end: a call's whole life as a startup lives it (a saved search's
// alert, public Q&A, responses with their PDFs and receipts, evaluation, the award), who may see what,
// and the call form's refusals. Every test publishes its own call (unique title) so that tests can run
// in parallel against the shared database. The rules themselves are proven in tests/integration/calls*.

const LAVAL_ADMIN = 'agent@laval.example'; // Emma Laurent, admin of Laval
const LAVAL_ELECTED = 'elu@laval.example'; // Hugo Simon, signatory of Laval
const FOUNDER = 'fondatrice@capteurs-civiques.example';
const OTHER_STARTUP = 'contact@mobilites-douces.example';
const DATA_STARTUP = 'contact@donnees-citoyennes.example';
const CAPTEURS = 'Capteurs Civiques (démo)';
const MOBILITES = 'Mobilités Douces (démo)';
const DAY = 86_400_000;

/** The pages `as` opened in a browser without JavaScript. */
const withoutScript = new WeakSet<Page>();

/**
 * `as(email)`: a page in a browser of its own, signed in as `email` (anonymous without one);
 * `{ javaScript: false }` for a browser that runs no script, where every form posts the plain way.
 */
const test = base.extend<{ as: (email?: string, options?: { javaScript?: boolean }) => Promise<Page> }>({
	as: async ({ browser }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (email?: string, options: { javaScript?: boolean } = {}) => {
			const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true });
			contexts.push(context);
			const page = await context.newPage();
			if (options.javaScript === false) withoutScript.add(page);
			if (email) await signIn(page, email);
			return page;
		});
		await Promise.all(contexts.map((context) => context.close()));
	}
});

/**
 * axe on a page of a browser without JavaScript. axe runs on timers, which such a browser never fires: it
 * checks the same HTML (its scripts removed, its styles loaded from the server) in a page that runs them.
 */
async function checkAccessible(page: Page) {
	if (!withoutScript.has(page)) return expectAccessible(page);
	const address = page.url().split('#')[0];
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const context = await page.context().browser()!.newContext(); // axe refuses a page opened by browser.newPage()
	const checker = await context.newPage();
	try {
		await checker.route(
			(url) => url.href === address,
			(route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html })
		);
		await checker.goto(address);
		await expectAccessible(checker);
	} finally {
		await context.close();
	}
}

function unique(prefix: string) {
	return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The value of a datetime-local field for `instant`, in Paris time (what the form expects). */
function parisInput(instant: Date) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Paris',
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		})
			.formatToParts(instant)
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** A datetime-local value `days` later, same wall-clock time. */
function addDays(input: string, days: number) {
	return new Date(new Date(`${input}:00Z`).getTime() + days * DAY).toISOString().slice(0, 16);
}

/** A small but well-formed PDF, the same bytes every time. */
let pdf: Promise<Buffer> | undefined;
function pdfBytes() {
	pdf ??= realPdf('Note technique');
	return pdf;
}

interface CallDraft {
	title: string;
	challenge?: string;
	theme?: string;
	durationMonths?: string;
	budget?: string;
	innovativePurchase?: boolean;
	/** Opening, relative to now (ms); an hour ago by default so the call can be answered at once. */
	opensIn?: number;
	/** Days between opening and closing. */
	days?: number;
	criteria?: [string, string][];
}

const criterionLabel = (page: Page, n: number) => page.getByLabel(`Critère ${n}`, { exact: true });
const criterionWeight = (page: Page, n: number) => page.getByLabel(`Poids du critère ${n} (%)`, { exact: true });

/** Fills every field of the call form (on /calls/new), criteria rows past the given ones emptied. */
async function fillCallForm(page: Page, draft: CallDraft) {
	const opens = new Date(Date.now() + (draft.opensIn ?? -60 * 60_000));
	const closes = new Date(opens.getTime() + (draft.days ?? 30) * DAY);
	await page.getByLabel('Titre de l’appel').fill(draft.title);
	await page
		.getByLabel('Le défi')
		.fill(draft.challenge ?? 'Compter les **places de stationnement libres** sans caméra.\n\n- capteurs anonymes ;\n- données ouvertes.');
	await page.getByLabel('Thématique').selectOption({ label: draft.theme ?? 'Données urbaines' });
	await page.getByLabel('Durée de l’expérimentation (mois)').fill(draft.durationMonths ?? '6');
	await page.getByLabel('Budget (€ HT)').fill(draft.budget ?? '80 000');
	await page.getByRole('radio', { name: draft.innovativePurchase ? 'Achat innovant (moins de 100 000 € HT)' : 'Convention d’expérimentation' }).check();
	await page.getByLabel('Ouverture').fill(parisInput(opens));
	await page.getByLabel('Date limite de réponse').fill(parisInput(closes));
	const criteria = draft.criteria ?? [
		['Pertinence de la solution', '50'],
		['Solidité de l’équipe', '30'],
		['Prix', '20']
	];
	for (let i = 0; i < 6; i++) {
		await criterionLabel(page, i + 1).fill(criteria[i]?.[0] ?? '');
		await criterionWeight(page, i + 1).fill(criteria[i]?.[1] ?? '');
	}
}

/** A city admin drafts a call through /calls/new; returns its id, the page left on the call. */
async function draftCall(page: Page, draft: CallDraft, options: { checkAccessible?: boolean } = {}) {
	await page.goto('/calls');
	await page.getByRole('link', { name: 'Publier un appel' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Publier un appel' })).toBeVisible();
	if (options.checkAccessible) await expectAccessible(page);
	await fillCallForm(page, draft);
	await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	await expect(page.getByRole('heading', { level: 1, name: draft.title })).toBeVisible();
	await expect(page.getByText('Brouillon d’appel enregistré. Relisez-le, puis ouvrez-le.')).toBeVisible();
	return /\/calls\/([^/?#]+)$/.exec(new URL(page.url()).pathname)![1];
}

/** The admin opens the draft call shown on `page`. */
async function openCall(page: Page) {
	await page.getByRole('button', { name: 'Ouvrir l’appel' }).click();
	await expect(page.getByText('L’appel est ouvert.')).toBeVisible();
	await expect(page.getByText('Ouvert', { exact: true })).toBeVisible();
}

const responseForm = (page: Page) => page.getByRole('form', { name: 'Votre réponse' });

/** Fills the response form of /calls/[id]/respond (without the attachment). */
async function fillResponse(page: Page, proposal: string, price = '45 000') {
	const form = responseForm(page);
	await form.getByLabel('Votre proposition').fill(proposal);
	await form.getByLabel('Prix (en euros hors taxes)').fill(price);
	await form.getByLabel('Durée de l’expérimentation (en mois)').fill('6');
	await form.getByLabel('Équipe').fill('Une cheffe de projet et deux ingénieurs capteurs.');
	await form.getByLabel('Références (facultatif)').fill('Pilote à Arras en 2025.');
}

/** The startup submits a response with a PDF; returns the response id and the attachment's path. */
async function submitResponse(page: Page, callId: string, proposal: string) {
	await page.goto(`/calls/${callId}/respond`);
	await fillResponse(page, proposal);
	await responseForm(page)
		.getByLabel('Document joint (facultatif)')
		.setInputFiles({ name: 'proposition.pdf', mimeType: 'application/pdf', buffer: await pdfBytes() });
	await page.getByRole('button', { name: 'Enregistrer et déposer' }).click();
	await expect(page.getByText('Réponse déposée. Vous pouvez encore la modifier jusqu’à la date limite.')).toBeVisible();
	return attachmentOf(page, callId);
}

/** Chooses the next PDF of the response form, of the given type and named after it (`Offre de prix.pdf`). */
async function chooseAttachment(page: Page, kind: 'Mémoire technique' | 'Offre de prix', buffer: Buffer) {
	const form = responseForm(page);
	await form.getByLabel('Type du document').selectOption({ label: kind });
	await form.getByLabel('Nom du document (facultatif)').fill(kind);
	await form.getByLabel('Document joint (facultatif)').setInputFiles({ name: 'document.pdf', mimeType: 'application/pdf', buffer });
}

async function attachmentOf(page: Page, callId: string) {
	const link = page.getByRole('link', { name: /^proposition\.pdf \(PDF, 1 Ko\)$/ }).first();
	const attachmentPath = (await link.getAttribute('href'))!;
	const match = new RegExp(`^/calls/${callId}/responses/([^/]+)/attachments/[^/]+$`).exec(attachmentPath);
	expect(match, `attachment link ${attachmentPath}`).not.toBeNull();
	return { responseId: match![1], attachmentPath };
}

/** A form posted the way a browser without JavaScript would, with `page`'s session. */
function postForm(page: Page, path: string, fields: Record<string, string>) {
	return page.request.post(path, {
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		multipart: fields,
		maxRedirects: 0
	});
}

/** The status of the page reached at `path`, and where it ended (after redirects). */
async function visit(page: Page, path: string) {
	const response = await page.goto(path);
	return { status: response?.status(), path: new URL(page.url()).pathname };
}

test('a startup is alerted of a matching call, asks, answers with two PDFs, and learns the outcome; a rival preparing a draft hears the answer', async ({
	as
}) => {
	test.setTimeout(360_000); // five browsers through a call's whole life: minutes when the machine is busy
	// A word of the call's title nobody else uses: the startup's saved search finds this call only.
	const word = `ozone${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	const title = `Qualité de l’air près des écoles ${word}`;
	const question = `Les capteurs doivent-ils mesurer le NO2 ? ${word}`;
	const answer = 'Oui, et les particules fines PM2,5.';
	const [brief, price] = await Promise.all([realPdf('Memoire technique'), realPdf('Offre de prix')]);

	// 1. Capteurs Civiques, in a browser without JavaScript, searches for a word, finds nothing yet, and saves the search.
	const founder = await as(FOUNDER, { javaScript: false });
	await founder.goto('/calls');
	await founder.getByRole('searchbox', { name: 'Rechercher' }).fill(word);
	await founder.getByRole('button', { name: 'Filtrer' }).click();
	await expect(founder.getByText('Aucun appel', { exact: false }).first()).toBeVisible();
	await founder.getByRole('button', { name: 'Enregistrer cette recherche et m’alerter' }).click();
	await expect(founder).toHaveURL(/\/alerts$/);
	await expect(founder.getByText('Recherche enregistrée')).toBeVisible();
	await checkAccessible(founder);
	const saved = founder.getByRole('listitem').filter({ hasText: word });
	const feedPath = (await saved.getByRole('link', { name: 'Flux Atom' }).getAttribute('href'))!;

	// 2. Laval drafts a matching call without JavaScript, joins its specifications (a PDF), and opens it.
	const city = await as(LAVAL_ADMIN, { javaScript: false });
	const callId = await draftCall(city, {
		title,
		budget: '60 000',
		criteria: [
			['Pertinence de la solution', '60'],
			['Prix', '40']
		]
	});
	const callPath = `/calls/${callId}`;
	await city.getByLabel('Fichier PDF').setInputFiles({ name: 'cdc.pdf', mimeType: 'application/pdf', buffer: await realPdf('Cahier des charges') });
	await city.getByLabel('Titre du document').fill('Cahier des charges');
	await city.getByRole('button', { name: 'Joindre le document' }).click();
	await expect(city.getByText('Document joint à l’appel.')).toBeVisible();
	await expect(city).toHaveURL(/\?\/addDocument$/); // posted the plain way, the answer a new page
	await expect(city.getByRole('link', { name: /^Cahier des charges\.pdf \(PDF, 1 Ko\)$/ })).toBeVisible();
	await checkAccessible(city);
	await openCall(city);

	// 3. The startup is emailed at once, finds the call in its search's Atom feed and follows the email's link.
	const alert = await waitForMail(FOUNDER, new RegExp(`Nouvel appel correspondant à votre recherche[^\\n]*${word}`));
	expect(alert.body).toContain('/alerts/unsubscribe/');
	const feed = await founder.request.get(feedPath);
	expect(feed.headers()['content-type']).toContain('application/atom+xml');
	expect(await feed.text()).toContain(`<link href="${new URL(founder.url()).origin}${callPath}"/>`);
	await founder.goto(new URL(/https?:\/\/\S+\/calls\/\S+/.exec(alert.body)![0]).pathname);
	await expect(founder.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(founder.getByRole('link', { name: /^Cahier des charges\.pdf/ })).toBeVisible();
	await founder.getByRole('button', { name: 'Suivre cet appel' }).click();
	await expect(founder.getByRole('button', { name: 'Ne plus suivre' })).toBeVisible();

	// The public sees the open call in the feed of open calls, and is offered to sign in to answer it.
	const visitor = await as();
	expect(await (await visitor.request.get('/calls.atom')).text()).toContain(word);
	await visitor.goto(callPath);
	await expect(visitor.getByRole('link', { name: 'Se connecter pour répondre' })).toBeVisible();
	await expect(visitor.getByRole('link', { name: 'Poser une question' })).toBeVisible();
	await expectAccessible(visitor);

	// 4. Mobilités Douces starts a draft with its technical brief.
	const rival = await as(OTHER_STARTUP);
	await rival.goto(`${callPath}/respond`);
	await fillResponse(rival, 'Des vélos équipés de capteurs autour des écoles.', '52 000');
	await chooseAttachment(rival, 'Mémoire technique', brief);
	await rival.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	await expect(rival.getByText('Brouillon enregistré. Pensez à le déposer avant la date limite.')).toBeVisible();
	await expectAccessible(rival);

	// 5. Capteurs Civiques asks a question; Laval answers it; the rival preparing a draft is emailed the answer.
	await founder.getByLabel('Poser une question').fill(question);
	await founder.getByRole('button', { name: 'Envoyer la question' }).click();
	await expect(founder.getByText('Question envoyée. Elle apparaîtra ici avec sa réponse.')).toBeVisible();
	await city.goto(callPath);
	// The anonymous visitor's page (kept by the render cache) does not show the question before its answer…
	await visitor.reload();
	await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(visitor.getByText(question)).toHaveCount(0);
	const asked = city.getByRole('listitem').filter({ hasText: question });
	await asked.getByLabel('Votre réponse (publique)').fill(answer);
	await asked.getByRole('button', { name: 'Publier la réponse' }).click();
	await expect(city.getByText('Réponse publiée : tout le monde la voit.')).toBeVisible();
	// …and shows the answer as soon as it is published: the cache forgets its pages at every write.
	await visitor.reload();
	await expect(visitor.getByRole('listitem').filter({ hasText: question })).toContainText(`Réponse : ${answer}`);
	const told = await waitForMail(OTHER_STARTUP, new RegExp(`Une réponse a été publiée aux questions de l’appel[^\\n]*${word}`));
	await rival.goto(new URL(/https?:\/\/\S+\/calls\/\S+/.exec(told.body)![0]).pathname + '#questions');
	await expect(rival.getByRole('listitem').filter({ hasText: question })).toContainText(`Réponse : ${answer}`);

	// 6. Each startup submits with two PDFs (Capteurs Civiques still without JavaScript) and gets its receipt.
	await founder.goto(`${callPath}/respond`);
	await fillResponse(founder, 'Vingt capteurs NO2 et PM2,5 devant les écoles.', '45 000');
	await chooseAttachment(founder, 'Mémoire technique', brief);
	await founder.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	await expect(founder.getByText('Brouillon enregistré. Pensez à le déposer avant la date limite.')).toBeVisible();
	await expect(founder).toHaveURL(/\/respond\?\/save$/);
	await rival.goto(`${callPath}/respond`);
	for (const page of [founder, rival]) {
		await chooseAttachment(page, 'Offre de prix', price);
		await page.getByRole('button', { name: 'Enregistrer et déposer' }).click();
		await expect(page.getByText('Réponse déposée. Vous pouvez encore la modifier jusqu’à la date limite.')).toBeVisible();
		const attached = page.getByRole('region', { name: 'Documents joints' });
		await expect(attached.getByRole('link', { name: /^Mémoire technique\.pdf \(PDF, 1 Ko\)$/ })).toBeVisible();
		await expect(attached.getByRole('link', { name: /^Offre de prix\.pdf \(PDF, 1 Ko\)$/ })).toBeVisible();
		const receiptLink = page.getByRole('region', { name: 'Votre réponse' }).getByRole('link', { name: /^Dépôt du .* \(PDF\)$/ });
		const receipt = await page.request.get((await receiptLink.getAttribute('href'))!);
		expect(receipt.headers()['content-type']).toBe('application/pdf');
		const { text } = await extractText(new Uint8Array(await receipt.body()), { mergePages: true });
		expect(text).toContain(word);
		for (const file of [brief, price]) expect(text).toContain(createHash('sha256').update(file).digest('hex'));
	}
	// The same page for both startups: axe once.
	await checkAccessible(rival);
	for (const to of [FOUNDER, OTHER_STARTUP]) await waitForMail(to, new RegExp(`${word}[\\s\\S]*accusé de réception`, 'i'));

	// 7. The deadline passes; Laval's admin evaluates both responses and selects Mobilités Douces.
	await closeCallNow(callId);
	await city.goto(`${callPath}/evaluation`);
	await city.getByRole('button', { name: 'Désigner (Emma Laurent)' }).click();
	await expect(city.getByText('Évaluateur désigné : il ou elle est prévenu par une notification.')).toBeVisible();
	await checkAccessible(city);
	for (const [startup, scores] of [
		[CAPTEURS, [3, 4]],
		[MOBILITES, [5, 4]]
	] as const) {
		await city
			.getByRole('group', { name: `Conflit d’intérêts avec ${startup} ?` })
			.getByRole('button', { name: 'Je n’ai pas de conflit d’intérêts' })
			.click();
		await city.getByRole('link', { name: `Lire et noter la réponse (${startup})` }).click();
		await city
			.getByRole('group', { name: 'Pertinence de la solution (poids : 60 %)' })
			.getByRole('radio', { name: `${scores[0]} sur 5` })
			.check();
		await city
			.getByRole('group', { name: 'Prix (poids : 40 %)' })
			.getByRole('radio', { name: `${scores[1]} sur 5` })
			.check();
		await city.getByRole('button', { name: 'Enregistrer mes notes' }).click();
		await expect(city.getByText('Vos notes sont enregistrées.', { exact: false })).toBeVisible();
		await city.goto(`${callPath}/evaluation`);
	}
	for (const [startup, decision, justification] of [
		[MOBILITES, 'Retenir', 'La meilleure note sur la pertinence.'],
		[CAPTEURS, 'Ne pas retenir', 'Solide, mais moins pertinente pour les écoles.']
	]) {
		const form = city.getByRole('form', { name: `Décision pour ${startup}` });
		await form.getByLabel('Décision', { exact: true }).selectOption({ label: decision });
		await form.getByLabel('Justification').fill(justification);
		await form.getByRole('button', { name: `Enregistrer la décision (${startup})` }).click();
		await expect(city.getByText('Décision enregistrée ; l’entreprise en est prévenue.')).toBeVisible();
	}
	await city.getByRole('button', { name: 'Marquer l’appel comme décidé' }).click();
	await expect(city.getByText('L’appel est passé à l’étape « Décidé ».')).toBeVisible();
	await checkAccessible(city);

	// 8. The public page shows the award notice: who, for how much, out of how many responses.
	await visitor.goto(callPath);
	const award = visitor.getByRole('region', { name: 'Avis d’attribution' });
	await expect(award).toContainText('Réponses examinées : 2');
	await expect(award.getByRole('row').filter({ has: visitor.getByRole('rowheader', { name: MOBILITES }) })).toContainText(/52\s000,00\s€/);
	await expect(award).not.toContainText('Capteurs');
	await expectAccessible(visitor);

	// 9. The startup not retained reads its score beside the winner's, and finds the call among its responses.
	await founder.goto(`${callPath}/respond`);
	await expect(founder.getByRole('region', { name: 'Votre réponse' }).getByText('Non retenue', { exact: true })).toBeVisible();
	const outcome = founder.getByRole('region', { name: 'Décision' });
	await expect(outcome).toContainText('Solide, mais moins pertinente pour les écoles.');
	await expect(outcome).toContainText('Note globale : 3,4 / 5'); // (3 × 60 + 4 × 40) / 100
	await expect(outcome).toContainText(`Note de la réponse retenue (${MOBILITES}) : 4,6 / 5`); // (5 × 60 + 4 × 40) / 100
	await checkAccessible(founder);
	// Its home lists the response, the call it follows and the search it saved.
	await founder.getByRole('link', { name: 'Mes réponses' }).click();
	await expect(founder.getByRole('row').filter({ has: founder.getByRole('rowheader', { name: title }) })).toContainText('Non retenue');
	await expect(founder.getByRole('region', { name: 'Appels que vous suivez' }).getByRole('link', { name: title })).toBeVisible();
	await expect(founder.getByRole('region', { name: 'Vos recherches d’appels enregistrées' }).getByRole('link', { name: word, exact: true })).toBeVisible();
	await checkAccessible(founder);
});

test('a response stays private: other startups, visitors, the API and non-evaluators cannot reach it; late saves are refused', async ({ as }) => {
	test.setTimeout(90_000);
	const title = unique('Éclairage public piloté');
	const proposal = unique('Proposition confidentielle de capteurs');
	const city = await as(LAVAL_ADMIN);
	const callId = await draftCall(city, { title });
	await openCall(city);
	const callPath = `/calls/${callId}`;

	const startup = await as(FOUNDER);
	const { responseId, attachmentPath } = await submitResponse(startup, callId, proposal);
	const scoringPath = `${callPath}/evaluation/${responseId}`;

	// Another startup: its own (empty) form, and 404 on the first startup's response and PDF.
	const rival = await as(OTHER_STARTUP);
	await rival.goto(`${callPath}/respond`);
	await expect(responseForm(rival).getByLabel('Votre proposition')).toHaveValue('');
	await expect(rival.getByText(proposal)).toHaveCount(0);
	expect((await visit(rival, scoringPath)).status).toBe(404);
	await expectAccessible(rival);
	expect((await rival.request.get(attachmentPath)).status()).toBe(404);
	expect((await visit(rival, `${callPath}/evaluation`)).status).toBe(403);
	await expectAccessible(rival);

	// An anonymous visitor is sent to the sign-in page.
	const visitor = await as();
	for (const path of [scoringPath, attachmentPath, `${callPath}/respond`, `${callPath}/evaluation`]) {
		expect((await visit(visitor, path)).path, path).toBe('/login');
	}
	await expectAccessible(visitor);

	// The public API tells nothing of responses.
	const one = await visitor.request.get(`/api/v1/calls/${callId}`);
	expect(one.status()).toBe(200);
	const body = await one.text();
	expect(JSON.parse(body).title).toBe(title);
	for (const secret of [responseId, proposal, '@', 'Capteurs', 'Une cheffe de projet']) expect(body).not.toContain(secret);
	const list = await (await visitor.request.get('/api/v1/calls?limit=100')).text();
	for (const secret of [responseId, proposal, '@']) expect(list).not.toContain(secret);

	// A member of the publishing city who is not an evaluator, before and after the deadline.
	const elected = await as(LAVAL_ELECTED);
	expect((await visit(elected, scoringPath)).status).toBe(404);
	expect((await elected.request.get(attachmentPath)).status()).toBe(404);

	await closeCallNow(callId);

	expect((await visit(elected, scoringPath)).status).toBe(404); // the not-found page axe checked for the rival
	expect((await elected.request.get(attachmentPath)).status()).toBe(404);
	expect((await visit(elected, `${callPath}/evaluation`)).status).toBe(403);
	const scores = await postForm(elected, `${scoringPath}?/score`, {});
	expect(scores.status()).toBe(404);
	// Nor the admin, who ranks and decides but does not read responses without being an evaluator.
	expect((await visit(city, scoringPath)).status).toBe(404);
	expect((await city.request.get(attachmentPath)).status()).toBe(404);
	expect((await visit(rival, scoringPath)).status).toBe(404);
	expect((await rival.request.get(attachmentPath)).status()).toBe(404);

	// An evaluator who declares a conflict of interest never sees the response.
	await city.goto(`${callPath}/evaluation`);
	await city.getByRole('button', { name: 'Désigner (Hugo Simon)' }).click();
	await expect(city.getByText('Évaluateur désigné : il ou elle est prévenu par une notification.')).toBeVisible();
	await elected.goto(`${callPath}/evaluation`);
	await elected
		.getByRole('group', { name: `Conflit d’intérêts avec ${CAPTEURS} ?` })
		.getByRole('button', { name: 'J’ai un conflit d’intérêts' })
		.click();
	await expect(elected.getByText('Déclaration enregistrée : vous ne participez pas à l’évaluation de cette réponse.')).toBeVisible();
	await expect(elected.getByRole('link', { name: /Lire et noter/ })).toHaveCount(0);
	await expectAccessible(elected);
	expect((await visit(elected, scoringPath)).status).toBe(404);
	expect((await elected.request.get(attachmentPath)).status()).toBe(404);

	// After the deadline the startup reads its response but can no longer change it.
	await startup.goto(`${callPath}/respond`);
	await expect(startup.getByText('Cet appel n’accepte plus de réponses : voici votre réponse telle qu’elle a été enregistrée.')).toBeVisible();
	await expect(responseForm(startup)).toHaveCount(0);
	await expect(startup.getByRole('button', { name: /Enregistrer|Retirer/ })).toHaveCount(0);
	await expect(startup.getByText(proposal)).toBeVisible();
	await expectAccessible(startup);
	// A save posted anyway (an old tab, a script) is refused, and nothing changes.
	const lateFields = { proposal: 'Réponse modifiée après la date limite', price: '1', durationMonths: '6', team: 'Personne', references: '' };
	for (const action of ['save', 'submit', 'withdraw']) {
		const late = await postForm(startup, `${callPath}/respond?/${action}`, lateFields);
		expect(late.status(), action).toBe(400);
		expect(await late.text(), action).toContain('Cet appel n’accepte plus de réponses');
	}
	await startup.goto(`${callPath}/respond`);
	await expect(startup.getByText(proposal)).toBeVisible();
	await expect(startup.getByText('Réponse modifiée après la date limite')).toHaveCount(0);
	await expect(startup.getByRole('region', { name: 'Votre réponse' }).getByText('Déposée', { exact: true })).toBeVisible();
});

test('the call form refuses criteria that do not add up and a too short call, and warns of risky choices', async ({ as }) => {
	const title = unique('Bornes de recharge mutualisées');
	const page = await as(LAVAL_ADMIN);
	await page.goto('/calls/new');
	await fillCallForm(page, {
		title,
		budget: '150 000',
		innovativePurchase: true,
		days: 10,
		criteria: [
			['Impact', '50'],
			['Prix', '30'],
			['Délais', '10']
		]
	});
	const save = page.getByRole('button', { name: 'Enregistrer le brouillon' });

	// Criteria adding up to 90.
	await save.click();
	const criteriaMessage = 'Donnez au moins un critère, chacun avec un libellé et un poids entier ; les poids doivent faire 100 au total.';
	await expect(page.getByText(criteriaMessage)).toBeVisible();
	await expect(page.getByRole('group', { name: 'Critères d’évaluation' })).toHaveAccessibleDescription(new RegExp('les poids doivent faire 100 au total'));
	await expect(page.getByLabel('Titre de l’appel')).toHaveValue(title);
	await expect(criterionLabel(page, 3)).toHaveValue('Délais');
	await expect(criterionWeight(page, 3)).toHaveValue('10');
	await expect(page.getByRole('radio', { name: 'Achat innovant (moins de 100 000 € HT)' })).toBeChecked();
	await expectAccessible(page);

	// Fixed to 100, but closing 5 days after opening.
	await criterionWeight(page, 3).fill('20');
	const opens = await page.getByLabel('Ouverture').inputValue();
	const closes = page.getByLabel('Date limite de réponse');
	await closes.fill(addDays(opens, 5));
	const shortValue = await closes.inputValue();
	await save.click();
	const tooShort = 'La date limite doit être au moins 7 jours après l’ouverture.';
	await expect(page.getByText(tooShort)).toBeVisible();
	await expect(closes).toHaveAttribute('aria-invalid', 'true');
	await expect(closes).toHaveAccessibleDescription(new RegExp(tooShort));
	await expect(closes).toHaveValue(shortValue);
	await expect(criterionWeight(page, 3)).toHaveValue('20');
	await expect(page.getByLabel('Budget (€ HT)')).toHaveValue('150 000');
	await expect(page.getByText(criteriaMessage)).toHaveCount(0);
	await expectAccessible(page);

	// Ten days and an innovative purchase over the threshold: saved, with both warnings for the publisher.
	await closes.fill(addDays(opens, 10));
	await save.click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const warnings = page.getByRole('status').filter({ hasText: 'Attention' });
	await expect(warnings).toContainText('Attention : l’appel reste ouvert moins de 28 jours.');
	await expect(warnings).toContainText('Attention : le budget dépasse 100 000 € HT.');
	await expect(page.getByText(/^150\s000\s€$/)).toBeVisible();
	await expectAccessible(page);

	// A startup cannot publish a call.
	const startup = await as(FOUNDER);
	await startup.goto('/calls/new');
	await expect(startup.getByRole('alert')).toContainText(
		'Pour publier un appel, agissez au nom d’une commune, d’une intercommunalité ou d’un partenaire vérifié.'
	);
	await expect(startup.getByLabel('Titre de l’appel')).toHaveCount(0);
	await expectAccessible(startup);
});

test('the decided demo call by Nevers: each startup reads its result, justification and scores, in French and English', async ({ as }) => {
	const title = 'Accompagner les démarches en ligne dans les quartiers';
	const selected = await as(DATA_STARTUP);
	await selected.goto('/calls?status=decided');
	await expectAccessible(selected);
	await selected.getByRole('link', { name: title }).click();
	await expect(selected.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(selected.getByText('Décidé', { exact: true })).toBeVisible();
	const callPath = new URL(selected.url()).pathname;
	const yours = selected.getByRole('region', { name: 'Votre réponse' });
	await expect(yours.getByText('Retenue', { exact: true })).toBeVisible();
	await expectAccessible(selected);
	await yours.getByRole('link', { name: 'Voir ma réponse' }).click();
	await expect(selected).toHaveURL(new RegExp(`${callPath}/respond$`));
	await expect(selected.getByRole('region', { name: 'Votre réponse' }).getByText('Retenue', { exact: true })).toBeVisible();
	const decision = selected.getByRole('region', { name: 'Décision' });
	await expect(decision).toContainText('Meilleure note sur l’impact, une équipe déjà présente dans la Nièvre, un prix dans le budget.');
	await expect(decision).toContainText('Note globale : 4,6 / 5'); // (5 × 60 + 4 × 40) / 100
	await expect(decision.getByRole('listitem').filter({ hasText: 'Impact pour les habitants' }).first()).toContainText('Moyenne : 5,0 / 5');
	await expect(decision.getByText('Argumenté et concret.').first()).toBeVisible();
	await expectAccessible(selected);

	const rejected = await as(FOUNDER);
	await rejected.goto(`${callPath}/respond`);
	await expect(rejected.getByRole('region', { name: 'Votre réponse' }).getByText('Non retenue', { exact: true })).toBeVisible();
	const reasons = rejected.getByRole('region', { name: 'Décision' });
	await expect(reasons).toContainText('Proposition intéressante mais éloignée du besoin : elle mesure plus qu’elle n’accompagne.');
	await expect(reasons).toContainText('Note globale : 2,8 / 5'); // (2 × 60 + 4 × 40) / 100
	// Its own result, and the award (public once the call is decided): the selected response's score,
	// nothing else of it (its proposal and price stay sealed).
	await expect(reasons).toContainText('Note de la réponse retenue (Données Citoyennes (démo)) : 4,6 / 5');
	await expect(rejected.getByRole('main')).not.toContainText('Nièvre');
	await expectAccessible(rejected);

	// The same page in English.
	await rejected.getByRole('link', { name: 'English' }).click();
	await expect(rejected.locator('html')).toHaveAttribute('lang', 'en');
	await expect(rejected).toHaveURL(new RegExp(`${callPath}/respond$`));
	await expect(rejected.getByRole('heading', { level: 1, name: 'Answer the call' })).toBeVisible();
	await expect(rejected.getByText('Not retained', { exact: true })).toBeVisible();
	const english = rejected.getByRole('region', { name: 'Decision' });
	await expect(english.getByRole('heading', { name: 'Reasons for the decision' })).toBeVisible();
	await expect(english).toContainText('Overall score: 2.8 / 5');
	await expectAccessible(rejected);
	await rejected.goto(callPath);
	await expect(rejected.getByText('Decided', { exact: true })).toBeVisible();
});
