import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createClient } from '@libsql/client';
import { expect, type Cookie, type Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';

export const MAIL_DIR = 'tests/.tmp/mail';
export const DEMO_PASSWORD = 'entente-demo-2026';
export const PLATFORM_ADMIN = 'admin@entente.example';
/** The TOTP secret of the demo administrator and signatories (README, "Demo"). */
export const DEMO_TOTP_SECRET = 'ENTENTEDEMODEUXFACTEURSVILLESABC';

/** The code an authenticator holding `secret` (base32) shows `stepOffset` steps of 30 s from now. */
export function totpCodeFor(secret: string, stepOffset = 0) {
	const counter = Math.floor(Date.now() / 30_000) + stepOffset;
	return generateHOTP(decodeBase32IgnorePadding(secret.replace(/\s/g, '')), BigInt(counter), 6);
}

/**
 * Answers the second step with codes computed from `secret`. Each code works once per account, and
 * the two test workers may sign in as the same demo account at once: on "just used", the next step's
 * code (the server allows one step of drift) and, failing that, the one after the clock moves on.
 */
export async function answerTotp(page: Page, secret = DEMO_TOTP_SECRET) {
	await expect(page.getByRole('heading', { level: 1, name: 'Code de vérification' })).toBeVisible();
	for (const attempt of [0, 1, 'wait'] as const) {
		if (attempt === 'wait') await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
		// A fresh page for each new try: the previous refusal must not be taken for this one's answer.
		if (attempt !== 0) await page.goto(page.url());
		const code = totpCodeFor(secret, attempt === 'wait' ? 1 : attempt);
		await page.getByRole('textbox', { name: 'Code à six chiffres' }).fill(code);
		await page.getByRole('button', { name: 'Valider le code' }).click();
		const refused = page.getByRole('alert').filter({ hasText: 'Ce code vient d’être utilisé' });
		const outcome = await Promise.race([
			page.waitForURL((url) => !url.pathname.startsWith('/two-factor'), { timeout: 10_000 }).then(() => 'passed' as const),
			refused.waitFor({ timeout: 10_000 }).then(() => 'replayed' as const)
		]);
		if (outcome === 'passed') return;
	}
	throw new Error('the second factor was refused three times');
}

/** An address nobody else in this run uses. */
export function uniqueEmail(prefix: string) {
	return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.org`;
}

function decodeQuotedPrintable(text: string) {
	const bytes: number[] = [];
	const joined = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < joined.length; i++) {
		if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
			bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(joined[i], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

interface Mail {
	to: string;
	subject: string;
	body: string;
}

/** Mails already read, by file, with the size they had: a file is read again only if it grew (written since). */
const mailCache = new Map<string, { size: number; mail: Mail }>();

async function readMails(): Promise<Mail[]> {
	let files: string[];
	try {
		files = (await readdir(MAIL_DIR)).filter((f) => f.endsWith('.eml')).sort();
	} catch {
		return [];
	}
	return Promise.all(
		files.map(async (file) => {
			const path = join(MAIL_DIR, file);
			const { size } = await stat(path);
			const cached = mailCache.get(path);
			if (cached?.size === size) return cached.mail;
			const raw = await readFile(path, 'utf8');
			const [head, ...rest] = raw.split(/\r?\n\r?\n/);
			const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
			const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(unfolded)?.[1] ?? '';
			const encoded = rest.join('\n\n');
			const body = /quoted-printable/i.test(header('Content-Transfer-Encoding'))
				? decodeQuotedPrintable(encoded)
				: /base64/i.test(header('Content-Transfer-Encoding'))
					? Buffer.from(encoded, 'base64').toString('utf8')
					: encoded;
			const mail = { to: header('To'), subject: header('Subject'), body };
			mailCache.set(path, { size: Buffer.byteLength(raw), mail });
			return mail;
		})
	);
}

/** Waits for the newest email to `to` (the outbox worker sends within a second or two) and returns it. */
export async function waitForMail(to: string, matching: RegExp = /./): Promise<Mail> {
	let found: Mail | undefined;
	await expect
		.poll(
			async () => {
				const mails = (await readMails()).filter((m) => m.to.includes(to) && matching.test(m.body));
				found = mails.at(-1);
				return Boolean(found);
			},
			// The outbox worker sends every second: look often rather than at expect.poll's growing intervals (up to 1 s apart).
			{ timeout: 15_000, intervals: [100, 200, 300], message: `an email to ${to}` }
		)
		.toBe(true);
	return found!;
}

/** The first link of an email to `to` whose path starts with `pathPrefix`, as a path on the test server. */
export async function linkFromMail(to: string, pathPrefix: string): Promise<string> {
	const pattern = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/\//g, '\\/')}[^\\s]*`);
	const mail = await waitForMail(to, pattern);
	const url = new URL(pattern.exec(mail.body)![0]);
	return url.pathname + url.search;
}

/**
 * axe-core, minified (the builder's default is the unminified 1.3 MB source): parsing it in the page is
 * most of what a check costs.
 */
let axeSource: Promise<string> | undefined;

/** axe-core finds no WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectAccessible(page: Page) {
	axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	// Legacy mode: axe runs in the page itself. The default runs it in parts, then opens a second, blank page and
	// loads axe again there to put the parts together, for pages with frames of other origins; these have none.
	const results = await new AxeBuilder({ page, axeSource: await axeSource })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.setLegacyMode(true)
		.analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
	expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The session cookie of the app (src/lib/server/auth/session-token.ts). */
const SESSION_COOKIE = 'entente_session';

/**
 * Sessions signIn opened in this run, by server, account and password: in this worker (a map) and in the
 * other one (a file each under SESSION_STORE, which playwright.config.ts empties before a run). Signing
 * in through the form, and a second factor for signatories, takes seconds, and a TOTP code works once per
 * account and 30-second step, so two sign-ins as the same signatory may have to wait for the clock. It is
 * proven where it is the subject (keyboard-nojs, bad-input, readme-start): elsewhere it is a setup, so a
 * later signIn as the same person, in either worker, hands the browser the session already open, after
 * checking the server still honours it. No test signs a demo account out or changes its password.
 */
const openSessions = new Map<string, Cookie>();
export const SESSION_STORE = 'tests/.tmp/sessions';
const storedAt = (key: string) => join(SESSION_STORE, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);

async function storedSession(key: string): Promise<Cookie | undefined> {
	try {
		return JSON.parse(await readFile(storedAt(key), 'utf8')) as Cookie;
	} catch {
		return undefined;
	}
}

async function storeSession(key: string, cookie: Cookie) {
	await mkdir(SESSION_STORE, { recursive: true });
	// Written whole, then renamed: the other worker never reads half a file.
	const partial = `${storedAt(key)}.${process.pid}`;
	await writeFile(partial, JSON.stringify(cookie));
	await rename(partial, storedAt(key));
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	// The server this page's context talks to (its baseURL): a session is only good on the instance that opened it.
	const origin = new URL((await page.request.get('/healthz')).url()).origin;
	const key = `${origin} ${email} ${password}`;
	const open = openSessions.get(key) ?? (await storedSession(key));
	if (open) {
		await page.context().addCookies([open]);
		await page.goto('/');
		// The header, rendered by the server, shows the sign-out button only to a valid session.
		if ((await page.getByRole('button', { name: 'Se déconnecter' }).count()) > 0) {
			openSessions.set(key, open);
			return;
		}
		// Signed out (or closed) since: sign in again through the form.
		openSessions.delete(key);
		await page.context().clearCookies({ name: SESSION_COOKIE });
	}
	// Typed before the page's JavaScript has loaded, a password is cleared by hydration: wait for it.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	// The demo administrator and signatories have an authenticator: the second step follows.
	await page.waitForURL((url) => url.pathname !== '/login');
	if (new URL(page.url()).pathname === '/two-factor') await answerTotp(page);
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	const session = (await page.context().cookies(origin)).find((cookie) => cookie.name === SESSION_COOKIE);
	if (session) {
		openSessions.set(key, session);
		await storeSession(key, session);
	}
}

export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
}

/** A password long enough for the sign-up rules, different for every account. */
export function newPassword() {
	return `phrase-de-passe-${Math.random().toString(36).slice(2, 10)}`;
}

/** Fills and sends the sign-up form, and waits for the "check your mailbox" message. */
export async function signUp(page: Page, person: { name: string; email: string; password: string }) {
	await page.goto('/signup');
	await page.getByLabel('Nom et prénom').fill(person.name);
	await page.getByLabel('Adresse e-mail').fill(person.email);
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(person.password);
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByText('Vérifiez votre messagerie')).toBeVisible();
}

/** Opens the confirmation link emailed to `email` and confirms it: the person is then signed in on /organisations/new. */
export async function confirmEmail(page: Page, email: string, options: { checkAccessible?: boolean } = {}) {
	await page.goto(await linkFromMail(email, '/verify-email/'));
	await expect(page.getByRole('heading', { level: 1, name: 'Confirmer votre adresse e-mail' })).toBeVisible();
	if (options.checkAccessible) await expectAccessible(page);
	await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
	await expect(page).toHaveURL(/\/organisations\/new$/);
	await expect(page.getByText('Votre adresse est confirmée. Bienvenue sur Entente !')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** A new person with a confirmed address, signed in on `page`. */
export async function newVerifiedUser(page: Page, prefix: string, options: { checkAccessible?: boolean } = {}) {
	const person = { name: `Test ${prefix} ${Math.random().toString(36).slice(2, 6)}`, email: uniqueEmail(prefix), password: newPassword() };
	await signUp(page, person);
	await confirmEmail(page, person.email, options);
	return person;
}

/** The verification queue entry of the organisation called `name` (on /admin). */
export function queueEntry(page: Page, name: string) {
	return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

/** The database the end-to-end server uses (playwright.config.ts sets DATABASE_URL to it). */
export const E2E_DATABASE_URL = 'file:tests/.tmp/db/e2e.db';

/**
 * Moves the call `callId` past its deadline, as if it had closed a minute ago.
 *
 * Why write to the database: a call must stay open at least 7 days, so a test cannot wait for a real
 * deadline; and the server's close-calls job only runs every 30 s, too slow for a test. So, in one
 * UPDATE, the deadline goes into the past and the call is closed the way the job would close it
 * (status 'closed', closed_at set). Only ever pass a call the test itself created: other tests run at
 * the same time against the same database. The server opens the file in WAL mode with a busy timeout,
 * so this one short write from another process is safe.
 */
export async function closeCallNow(callId: string) {
	const client = createClient({ url: E2E_DATABASE_URL });
	try {
		await client.execute('PRAGMA busy_timeout = 5000');
		const now = Date.now();
		const result = await client.execute({
			sql: "UPDATE calls SET closes_at = ?, status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status = 'open'",
			args: [now - 60_000, now, now, callId]
		});
		expect(result.rowsAffected, `the open call ${callId} was closed`).toBe(1);
	} finally {
		client.close();
	}
}

/** A real one-page PDF, as a claim's or a signatory's act would be. */
export async function actPdf(title = 'Arrêté de délégation') {
	const { PDFDocument, StandardFonts } = await import('pdf-lib');
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	doc.addPage().drawText(title.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), { x: 50, y: 750, size: 14, font });
	return { name: 'arrete-delegation.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

/** Fills the function and the act's PDF of a claim or signatory form inside `scope`. */
export async function fillEvidence(scope: Page | ReturnType<Page['locator']>, fn: string, title?: string) {
	await scope.getByRole('textbox', { name: /^(Votre|Sa) fonction/ }).fill(fn);
	await scope.getByLabel('Acte d’habilitation (PDF)').setInputFiles(await actPdf(title));
}

/** On /account/two-factor: reads the key the page shows, types its current code, and returns the key. */
export async function enrolTotp(page: Page) {
	await expect(page.getByRole('heading', { level: 1, name: 'Double authentification' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Code QR à scanner avec votre application d’authentification' })).toBeVisible();
	const secret = (await page.getByTestId('totp-key').innerText()).replace(/\s/g, '');
	await page.getByRole('textbox', { name: 'Code à six chiffres' }).fill(totpCodeFor(secret));
	await page.getByRole('button', { name: 'Activer' }).click();
	await expect(page.getByText('Double authentification activée.')).toBeVisible();
	await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
	return secret;
}
