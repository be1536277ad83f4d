import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { closeCallNow, expectAccessible, signIn } from './support';
import { realPdf } from './pdf';

// Calls for experimentation, end to end: publishing, public Q&A, a startup's response with its PDF,
// sealed evaluation, decision, and who may see what. Every test publishes its own call (unique title)
// so that tests can run in parallel against the shared database.

const LAVAL_ADMIN = 'agent@laval.example'; // Emma Laurent, admin of Laval
const LAVAL_ELECTED = 'elu@laval.example'; // Hugo Simon, signatory of Laval
const FOUNDER = 'fondatrice@capteurs-civiques.example';
const OTHER_STARTUP = 'contact@mobilites-douces.example';
const DATA_STARTUP = 'contact@donnees-citoyennes.example';
const CAPTEURS = 'Capteurs Civiques (démo)';
const DAY = 86_400_000;

/** `as(email)`: a page in a browser of its own, signed in as `email` (anonymous without one). */
const test = base.extend<{ as: (email?: string) => Promise<Page> }>({
	as: async ({ browser }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (email?: string) => {
			const context = await browser.newContext();
			contexts.push(context);
			const page = await context.newPage();
			if (email) await signIn(page, email);
			return page;
		});
		await Promise.all(contexts.map((context) => context.close()));
	}
});

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
async function fillResponse(page: Page, proposal: string) {
	const form = responseForm(page);
	await form.getByLabel('Votre proposition').fill(proposal);
	await form.getByLabel('Prix (en euros hors taxes)').fill('45 000');
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

test('a city publishes a call, a startup asks and answers with a PDF, the call is evaluated and decided', async ({ as }) => {
	test.setTimeout(180_000); // a long journey through four browsers (about 35 s alone, over a minute beside other tests)
	const title = unique('Places de stationnement libres');
	const question = unique('Les capteurs doivent-ils fonctionner sans réseau électrique ?');
	const answer = 'Non : la ville fournit le courant sur les mâts d’éclairage.';
	const proposal = unique('Des capteurs magnétiques anonymes sur 200 places');

	// 1. Laval's admin drafts the call (every field), then opens it and pushes the deadline back a day.
	const city = await as(LAVAL_ADMIN);
	const callId = await draftCall(city, { title, budget: '80 000', days: 30 }, { checkAccessible: true });
	const callPath = `/calls/${callId}`;
	await expect(city.getByText('Brouillon', { exact: true })).toBeVisible();
	await expect(city.getByRole('heading', { name: 'Le défi' })).toBeVisible();
	await expect(city.getByText('places de stationnement libres', { exact: true })).toBeVisible(); // Markdown bold
	const criteriaTable = city.getByRole('table');
	await expect(criteriaTable.getByRole('row')).toHaveCount(4);
	await expect(criteriaTable.getByRole('row', { name: 'Pertinence de la solution 50 %' })).toBeVisible();
	await expect(criteriaTable.getByRole('row', { name: 'Solidité de l’équipe 30 %' })).toBeVisible();
	await expect(criteriaTable.getByRole('row', { name: 'Prix 20 %' })).toBeVisible();
	await expect(city.getByText(/^80\s000\s€$/)).toBeVisible();
	await expect(city.getByText('Convention d’expérimentation')).toBeVisible();
	await expect(city.getByText('6 mois', { exact: true })).toBeVisible();
	// 30 days: no short-duration warning; a convention: no purchase warning.
	await expect(city.getByText(/^Attention/)).toHaveCount(0);
	await expectAccessible(city);

	// A draft is not public.
	const visitor = await as();
	expect((await visit(visitor, callPath)).status).toBe(404);

	await openCall(city);
	const deadline = city.getByLabel('Repousser la date limite');
	const current = await deadline.inputValue();
	await deadline.fill(parisInput(new Date(Date.now() - DAY)));
	await city.getByRole('button', { name: 'Repousser' }).click();
	await expect(city.getByText('La nouvelle date limite doit être plus tardive que l’actuelle.')).toBeVisible();
	const later = addDays(current, 1);
	await deadline.fill(later);
	await city.getByRole('button', { name: 'Repousser' }).click();
	await expect(city.getByText('La date limite est repoussée ; les startups concernées sont prévenues.')).toBeVisible();
	await expect(deadline).toHaveValue(later);
	await expectAccessible(city);

	// The public finds the open call in the list.
	await visitor.goto('/calls?theme=urban_data&status=open');
	await expect(visitor.getByRole('link', { name: title })).toBeVisible();
	await expectAccessible(visitor);

	// 2. The startup asks a public question.
	const startup = await as(FOUNDER);
	await startup.goto(callPath);
	await expect(startup.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(startup.getByText('Aucune question publiée pour l’instant.')).toBeVisible();
	await expectAccessible(startup);
	await startup.getByLabel('Poser une question').fill(question);
	await startup.getByRole('button', { name: 'Envoyer la question' }).click();
	await expect(startup.getByText('Question envoyée. Elle apparaîtra ici avec sa réponse.')).toBeVisible();

	// Unanswered questions are for the publisher only.
	await visitor.goto(callPath);
	await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(visitor.getByText(question)).toHaveCount(0);

	// 3. The city answers; the question does not say who asked.
	await city.goto(callPath); // not reload(): after a form posted without JavaScript, it would post again
	const asked = city.getByRole('listitem').filter({ hasText: question });
	await expect(asked).not.toContainText('Capteurs');
	await asked.getByLabel('Votre réponse (publique)').fill(answer);
	await asked.getByRole('button', { name: 'Publier la réponse' }).click();
	await expect(city.getByText('Réponse publiée : tout le monde la voit.')).toBeVisible();
	await expectAccessible(city);

	// 4. Everyone sees the question and its answer, without the asker's identity.
	await visitor.goto(callPath);
	const published = visitor.getByRole('listitem').filter({ hasText: question });
	await expect(published).toContainText(`Question : ${question}`);
	await expect(published).toContainText(`Réponse : ${answer}`);
	await expect(visitor.getByRole('main')).not.toContainText('Capteurs Civiques');
	await expect(visitor.getByRole('main')).not.toContainText('Inès');
	await expectAccessible(visitor);
	const api = await (await visitor.request.get(`/api/v1/calls/${callId}`)).json();
	expect(api.questions).toEqual([expect.objectContaining({ question, answer })]);
	expect(JSON.stringify(api)).not.toMatch(/@|Capteurs|Inès/);

	// 5. The startup drafts its response; a text file named .pdf is refused, what was typed stays.
	await startup.goto(callPath);
	await startup.getByRole('link', { name: 'Répondre à l’appel' }).click();
	await expect(startup.getByRole('heading', { level: 1, name: 'Répondre à l’appel' })).toBeVisible();
	await expect(startup.getByText(`Vous répondez au nom de ${CAPTEURS}.`, { exact: false })).toBeVisible();
	await expectAccessible(startup);
	await fillResponse(startup, proposal);
	const attachment = responseForm(startup).getByLabel('Document joint (facultatif)');
	await attachment.setInputFiles({ name: 'devis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Ceci est un devis en texte brut.\n') });
	await startup.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	const notPdf = 'Ce fichier n’est pas un PDF. Exportez votre document au format PDF, puis réessayez.';
	await expect(startup.getByText(notPdf)).toBeVisible();
	await expect(attachment).toHaveAttribute('aria-invalid', 'true');
	await expect(attachment).toHaveAccessibleDescription(new RegExp(notPdf.slice(0, 30)));
	await expect(responseForm(startup).getByLabel('Votre proposition')).toHaveValue(proposal);
	await expect(responseForm(startup).getByLabel('Prix (en euros hors taxes)')).toHaveValue('45 000');
	await expect(startup.getByRole('heading', { name: 'Votre réponse', level: 2 })).toHaveCount(0); // nothing saved
	await expectAccessible(startup);

	await attachment.setInputFiles({ name: 'proposition.pdf', mimeType: 'application/pdf', buffer: await pdfBytes() });
	await startup.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	await expect(startup.getByText('Brouillon enregistré. Pensez à le déposer avant la date limite.')).toBeVisible();
	const status = startup.getByRole('region', { name: 'Votre réponse' });
	await expect(status.getByText('Brouillon', { exact: true })).toBeVisible();
	const { responseId, attachmentPath } = await attachmentOf(startup, callId);
	await expectAccessible(startup);

	// The startup's members can download the PDF, byte for byte.
	const download = await startup.request.get(attachmentPath);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toBe('application/pdf');
	expect(download.headers()['content-disposition']).toContain('proposition.pdf');
	expect(Buffer.from(await download.body()).equals(await pdfBytes())).toBe(true);

	await startup.getByRole('button', { name: 'Enregistrer et déposer' }).click();
	await expect(startup.getByText('Réponse déposée. Vous pouvez encore la modifier jusqu’à la date limite.')).toBeVisible();
	await expect(status.getByText('Déposée', { exact: true })).toBeVisible();
	await expect(responseForm(startup).getByLabel('Votre proposition')).toHaveValue(proposal);
	await expect(startup.getByRole('link', { name: 'proposition.pdf (PDF, 1 Ko)' })).toBeVisible(); // kept when no new file is chosen
	await expectAccessible(startup);

	// 6. The admin makes Laval's elected official an evaluator.
	await city.goto(callPath);
	await city.getByRole('link', { name: 'Évaluation des réponses' }).click();
	await expect(city.getByRole('heading', { level: 1, name: 'Évaluation des réponses' })).toBeVisible();
	await expectAccessible(city);
	await city.getByRole('button', { name: 'Désigner (Hugo Simon)' }).click();
	await expect(city.getByText('Évaluateur désigné : il ou elle est prévenu par une notification.')).toBeVisible();
	await expect(city.getByRole('button', { name: 'Retirer (Hugo Simon)' })).toBeVisible();
	await expect(city.getByText('Les décisions se prennent une fois l’appel clos.')).toBeVisible();

	// Until the deadline, responses are sealed, even for an evaluator.
	const evaluator = await as(LAVAL_ELECTED);
	await evaluator.goto(`${callPath}/evaluation`);
	const reviews = evaluator.getByRole('region', { name: 'Vos évaluations' });
	await expect(reviews).toBeVisible();
	await expect(reviews).toContainText('Les réponses restent scellées jusqu’à la clôture de l’appel');
	await expect(reviews.getByRole('button', { name: 'Je n’ai pas de conflit d’intérêts' })).toHaveCount(0);
	// Not even who answered, anywhere in the page (its data included).
	const sealedPage = await evaluator.content();
	expect(sealedPage.includes('Capteurs Civiques'), 'the evaluator’s page names a respondent before the deadline').toBe(false);
	expect(sealedPage.includes(responseId), 'the evaluator’s page holds a response id before the deadline').toBe(false);
	await expectAccessible(evaluator);
	expect((await visit(evaluator, `${callPath}/evaluation/${responseId}`)).status).toBe(404);
	expect((await evaluator.request.get(attachmentPath)).status()).toBe(404);

	// 7. The deadline passes.
	await closeCallNow(callId);

	// 8. The evaluator declares no conflict, reads the response and scores every criterion.
	await evaluator.goto(`${callPath}/evaluation`);
	await expect(evaluator.getByText('Clos', { exact: true })).toBeVisible();
	await reviews
		.getByRole('group', { name: `Conflit d’intérêts avec ${CAPTEURS} ?` })
		.getByRole('button', { name: 'Je n’ai pas de conflit d’intérêts' })
		.click();
	await expect(evaluator.getByText('Déclaration enregistrée : vous pouvez lire et noter cette réponse.')).toBeVisible();
	await expect(reviews.getByText('À noter')).toBeVisible();
	await expectAccessible(evaluator);
	await reviews.getByRole('link', { name: `Lire et noter la réponse (${CAPTEURS})` }).click();
	await expect(evaluator.getByRole('heading', { level: 1, name: `Réponse de ${CAPTEURS}` })).toBeVisible();
	await expect(evaluator.getByText(proposal)).toBeVisible();
	expect((await evaluator.request.get(attachmentPath)).status()).toBe(200);
	await expectAccessible(evaluator);

	const scores: [string, number, string][] = [
		['Pertinence de la solution (poids : 50 %)', 4, 'Répond bien au besoin, sans caméra.'],
		['Solidité de l’équipe (poids : 30 %)', 3, 'Équipe réduite pour 200 places.'],
		['Prix (poids : 20 %)', 5, 'Nettement sous le budget.']
	];
	// Missing scores are refused, criterion by criterion.
	await evaluator.getByRole('group', { name: scores[0][0] }).getByRole('radio', { name: '4 sur 5' }).check();
	await evaluator.getByRole('button', { name: 'Enregistrer mes notes' }).click();
	await expect(evaluator.getByText('Certaines notes manquent ou sont incorrectes : voir les critères signalés.')).toBeVisible();
	await expect(evaluator.getByRole('group', { name: scores[1][0] })).toContainText('Choisissez une note de 0 à 5.');
	await expectAccessible(evaluator);
	for (const [legend, score, comment] of scores) {
		const group = evaluator.getByRole('group', { name: legend });
		await group.getByRole('radio', { name: `${score} sur 5` }).check();
		await group.getByLabel('Commentaire').fill(comment);
	}
	await evaluator.getByRole('button', { name: 'Enregistrer mes notes' }).click();
	await expect(evaluator.getByText('Vos notes sont enregistrées. Vous pouvez les modifier jusqu’à ce que l’appel soit décidé.')).toBeVisible();
	await evaluator.goto(new URL(evaluator.url()).pathname);
	await expect(evaluator.getByRole('group', { name: scores[1][0] }).getByRole('radio', { name: '3 sur 5' })).toBeChecked();
	await evaluator
		.getByRole('link', { name: /Évaluation des réponses/ })
		.first()
		.click();
	await expect(reviews.getByText('Notée', { exact: true })).toBeVisible();

	// 9. The admin sees the ranking, selects the response with a justification, and marks the call decided.
	await city.goto(`${callPath}/evaluation`);
	const row = city.getByRole('row').filter({ has: city.getByRole('rowheader', { name: CAPTEURS }) });
	await expect(row).toContainText('3,9'); // (4 × 50 + 3 × 30 + 5 × 20) / 100
	await expect(row.getByRole('cell').last()).toHaveText('0'); // no conflict declared
	const decision = city.getByRole('form', { name: `Décision pour ${CAPTEURS}` });
	await decision.getByLabel('Décision', { exact: true }).selectOption({ label: 'Retenir' });
	await decision.getByRole('button', { name: `Enregistrer la décision (${CAPTEURS})` }).click();
	await expect(decision.getByText('Justifiez la décision : la startup la lira.')).toBeVisible();
	await expectAccessible(city);
	const justification = 'La meilleure note sur la pertinence, et un prix bien placé.';
	await decision.getByLabel('Justification').fill(justification);
	await decision.getByRole('button', { name: `Enregistrer la décision (${CAPTEURS})` }).click();
	await expect(city.getByText('Décision enregistrée ; l’entreprise en est prévenue.')).toBeVisible();
	await expect(row).toContainText('Retenue');
	await city.getByRole('button', { name: 'Marquer l’appel comme décidé' }).click();
	await expect(city.getByText('L’appel est passé à l’étape « Décidé ».')).toBeVisible();
	await expect(city.getByRole('button', { name: 'Démarrer l’expérimentation' })).toBeVisible();
	await expectAccessible(city);

	// 10. The startup reads "Retenue", the justification and its scores.
	await startup.goto(`${callPath}/respond`);
	await expect(status.getByText('Retenue', { exact: true })).toBeVisible();
	const decided = startup.getByRole('region', { name: 'Décision' });
	await expect(decided).toContainText(justification);
	await expect(decided).toContainText('Note globale : 3,9 / 5');
	await expect(decided.getByRole('listitem').filter({ hasText: 'Solidité de l’équipe' })).toContainText('Moyenne : 3,0 / 5');
	await expect(decided).toContainText('Équipe réduite pour 200 places.');
	await expect(decided).not.toContainText('Hugo Simon'); // comments are not signed
	await expect(responseForm(startup)).toHaveCount(0); // read-only now
	await expectAccessible(startup);
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

	expect((await visit(elected, scoringPath)).status).toBe(404);
	await expectAccessible(elected);
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
	await expectAccessible(rejected);
});
