// Issue #12 case 1: the fund's receiving account (four-eyes), a payment reference per call, and the
// avis de paiement PDF, read back as a paying city's comptable would.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { db } from '$lib/server/db';
import { auditEvents, outbox, pledges, receivingAccounts, type User } from '$lib/server/db/schema';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverDueMail } from '$lib/server/mail/outbox';
import { fileTransport } from '$lib/server/mail/transports';
import { renderMailAttachment } from '$lib/server/jobs/mail-attachments';
import { approvePledge, callPledges, enterPledge, openFund, paymentReferenceOf, recordReceipt } from '$lib/server/funds/commands';
import { approveReceivingAccount, proposeReceivingAccount, receivingAccountOf } from '$lib/server/funds/receiving-account';
import { paymentNoticeFor, renderPaymentNotice } from '$lib/server/funds/payment-notice';
import { formatReference, isCreditorReference } from '$lib/domain/receiving-account';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, HOUR, ok, organisationWith, vote } from './funds-support';

useTestDatabase();

let admin: User, signerA: User, signerB: User, neversAgent: User, neversSigner: User, lavalAgent: User, lavalSigner: User;
let bethune: string, nevers: string, laval: string, fundId: string;

const TRESOR = { holder: 'Trésorerie de Béthune', iban: 'fr76 1007 1620 0000 0010 0012 332', bic: 'trpufrp1' };
const NEW_BANK = { holder: 'Commune de Béthune', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP' };
const due = () => new Date(Date.now() + 20 * 24 * HOUR);
/** The PDF's text with every kind of space made plain, as a reader would compare it. */
const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
const pdfText = async (bytes: Uint8Array) => plain((await extractText(bytes, { mergePages: true })).text);

/** The text/plain part of an .eml file as a mail client shows it (quoted-printable or base64 decoded). */
function emlText(eml: string) {
	const part = /Content-Type: text\/plain[^]*?\n\n([^]*?)\n--/.exec(eml);
	if (!part) throw new Error('no text part');
	const headers = eml.slice(0, part.index + part[0].indexOf('\n\n'));
	const encoding = /Content-Transfer-Encoding: (\S+)\s*$/i.exec(headers)?.[1] ?? '7bit';
	if (/base64/i.test(encoding)) return Buffer.from(part[1], 'base64').toString('utf8');
	if (!/quoted-printable/i.test(encoding)) return part[1];
	const joined = part[1].replace(/=\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
			bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(joined[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

beforeAll(async () => {
	[admin, signerA, signerB, neversAgent, neversSigner, lavalAgent] = await Promise.all(Array.from({ length: 6 }, () => createUser()));
	// Laval's signatory reads English: the call email speaks each recipient's language.
	lavalSigner = await createUser({ locale: 'en' });
	bethune = await organisationWith('city', 'Béthune', { admin: [admin], signatory: [signerA, signerB] });
	nevers = await organisationWith('city', 'Nevers', { member: [neversAgent], signatory: [neversSigner] });
	laval = await organisationWith('city', 'Laval', { admin: [lavalAgent], signatory: [lavalSigner] });
	const consortiumId = await activeConsortium(bethune, [nevers, laval], admin, false);
	fundId = ok(await openFund(admin, consortiumId, fundInput({ name: 'Fonds capteurs', capSharePercent: null, deadline: new Date(Date.now() + 48 * HOUR) }))).id;
});

describe('the receiving account, four-eyes (case 1)', () => {
	it('no call before a second signatory approves the account; each call gets a stable reference; the notice names the account', async () => {
		const neversPledge = ok(await enterPledge(neversAgent, nevers, fundId, 40_000_00)).id;
		ok(await approvePledge(proven(neversSigner), neversPledge, vote('2026-041')));
		const lavalPledge = ok(await enterPledge(lavalAgent, laval, fundId, 25_000_00)).id;
		ok(await approvePledge(proven(lavalSigner), lavalPledge, vote('2026-112')));

		// Without an account, nobody can be told where to pay: the call is refused.
		expect(await callPledges(admin, fundId, [neversPledge], due())).toEqual({ ok: false, code: 'receiving_account_missing' });

		// Checked by their own rules; entered by the coordinator only.
		expect(await proposeReceivingAccount(signerA, fundId, { ...TRESOR, iban: 'FR7610071620000000100012333' })).toEqual({
			ok: false,
			code: 'account_invalid',
			problems: { iban: 'iban_invalid' }
		});
		expect(await proposeReceivingAccount(signerA, fundId, { ...TRESOR, bic: 'DEUTDEFF' })).toEqual({
			ok: false,
			code: 'account_invalid',
			problems: { bic: 'bic_country' }
		});
		expect(await proposeReceivingAccount(neversSigner, fundId, TRESOR)).toEqual({ ok: false, code: 'coordinators_only' });
		const entered = ok(await proposeReceivingAccount(signerA, fundId, TRESOR)).id;
		expect((await receivingAccountOf(bethune)).pending).toMatchObject({ iban: 'FR7610071620000000100012332', bic: 'TRPUFRP1', enteredBy: signerA.id });
		// Entered is not approved: still no call.
		expect(await callPledges(admin, fundId, [neversPledge], due())).toEqual({ ok: false, code: 'receiving_account_missing' });

		// Not by the person who entered it, not by an admin, not by another organisation, not without the second factor.
		expect(await approveReceivingAccount(proven(signerA), fundId, entered)).toEqual({ ok: false, code: 'own_account' });
		expect(await approveReceivingAccount(proven(admin), fundId, entered)).toEqual({ ok: false, code: 'signatories_only' });
		expect(await approveReceivingAccount(proven(neversSigner), fundId, entered)).toEqual({ ok: false, code: 'coordinators_only' });
		const withoutCode = { ...signerB, secondFactor: { enrolled: true, passedAt: null } };
		expect(await approveReceivingAccount(withoutCode, fundId, entered)).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await approveReceivingAccount(proven(signerB), fundId, entered)).toEqual({ ok: true });
		expect(await approveReceivingAccount(proven(signerB), fundId, entered)).toEqual({ ok: false, code: 'invalid_transition' });

		// Now the call goes out, and each called pledge carries its own structured reference.
		expect(await callPledges(admin, fundId, [neversPledge, lavalPledge], due())).toEqual({ ok: true, called: 2 });
		const called = await db().select().from(pledges).where(eq(pledges.fundId, fundId)).orderBy(asc(pledges.amountCents));
		const [lavalRef, neversRef] = called.map((p) => p.paymentReference!);
		expect(neversRef).toBe(paymentReferenceOf(neversPledge));
		expect(isCreditorReference(neversRef) && isCreditorReference(lavalRef)).toBe(true);
		expect(neversRef).not.toBe(lavalRef);

		// The notice: for Nevers's people (any role) and the coordinator, nobody else.
		expect(await paymentNoticeFor(lavalAgent, neversPledge)).toEqual({ ok: false, code: 'forbidden' });
		const forNevers = await paymentNoticeFor(neversAgent, neversPledge);
		expect(forNevers.ok).toBe(true);
		expect((await paymentNoticeFor(admin, neversPledge)).ok).toBe(true);
		let text = await pdfText(await renderPaymentNotice((forNevers as { ok: true; notice: Parameters<typeof renderPaymentNotice>[0] }).notice));
		expect(text).toContain('Avis de paiement');
		expect(text).toContain('Nevers');
		expect(text).toContain('Béthune');
		expect(text).toContain('Trésorerie de Béthune');
		expect(text).toContain('FR76 1007 1620 0000 0010 0012 332');
		expect(text).toContain('TRPUFRP1');
		expect(text).toContain('40 000,00 €');
		expect(text).toContain(neversRef.replace(/(.{4})(?=.)/g, '$1 '));
		expect(text).toContain('2026-041');
		expect(text).toContain(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(called[1].dueDate!));

		// Partly paid: the notice says what is left, and the reference does not change.
		ok(await recordReceipt(admin, neversPledge, { amountCents: 15_000_00, bankReference: 'VIR-N-1', receivedOn: new Date() }));
		const notice = await paymentNoticeFor(neversSigner, neversPledge);
		if (!notice.ok) throw new Error(notice.code);
		expect(notice.notice.reference).toBe(neversRef);
		text = await pdfText(await renderPaymentNotice(notice.notice));
		expect(text).toMatch(/Déjà reçu 15 000,00 €/);
		expect(text).toMatch(/Reste à payer 25 000,00 €/);
		await expectLedgerAgrees();
	});

	it('the call email carries the avis de paiement of the organisation’s own pledge, rendered when the email goes', async () => {
		const mails = await db()
			.select()
			.from(outbox)
			.where(inArray(outbox.recipient, [neversSigner.email, lavalSigner.email]));
		const called = mails.filter((mail) => mail.attachments.length > 0);
		expect(called.map((mail) => [mail.recipient, mail.attachments.map((a) => a.kind)]).sort()).toEqual(
			[
				[lavalSigner.email, ['payment_notice']],
				[neversSigner.email, ['payment_notice']]
			].sort()
		);
		// Nothing rendered is stored: a reference, in the recipient's language.
		const [toNevers] = called.filter((mail) => mail.recipient === neversSigner.email);
		const [neversPledge] = await db()
			.select()
			.from(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, nevers)));
		expect(toNevers.attachments).toEqual([{ kind: 'payment_notice', id: neversPledge.id, locale: 'fr' }]);

		const dir = await mkdtemp(join(tmpdir(), 'entente-mail-'));
		await deliverDueMail(
			fileTransport(dir, 'Entente <no-reply@entente.localhost>', () => {}, renderMailAttachment),
			new Date(Date.now() + 1000)
		);
		const files = await readdir(dir);
		const pdf = files.find((f) => f.includes(toNevers.id) && f.endsWith('.pdf'));
		expect(pdf).toBe(`${toNevers.createdAt.toISOString().replace(/[:.]/g, '-')}-${toNevers.id}-avis-de-paiement-${neversPledge.paymentReference}.pdf`);
		const text = await pdfText(new Uint8Array(await readFile(join(dir, pdf!))));
		expect(text).toContain('Nevers');
		expect(text).toContain('FR76 1007 1620 0000 0010 0012 332');
		expect(text).toContain('Reste à payer 25 000,00 €');
		expect(text).toContain(formatReference(neversPledge.paymentReference!));
		// The email itself carries it as a PDF part.
		const emlOf = (id: string) =>
			readFile(
				join(
					dir,
					files.find((f) => f.includes(id) && f.endsWith('.eml'))!
				),
				'utf8'
			);
		const eml = await emlOf(toNevers.id);
		expect(eml).toMatch(/Content-Type: application\/pdf;/);
		expect(eml).toContain(`filename=avis-de-paiement-${neversPledge.paymentReference}.pdf`);

		// And its own text says where to pay, without opening the PDF: the amount called, by when, the reference,
		// the payee and the account holder, the IBAN (in full, as on the notice) and BIC, in French for Nevers…
		const day = (locale: string, date: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(date);
		const neversMail = plain(emlText(eml));
		expect(neversMail).toContain(`Montant à payer : 40 000,00 €, avant le ${day('fr-FR', neversPledge.dueDate!)}`);
		expect(neversMail).toContain(`Référence à indiquer sur le virement : ${formatReference(neversPledge.paymentReference!)}`);
		expect(neversMail).toContain('Bénéficiaire : Béthune — titulaire du compte : Trésorerie de Béthune');
		expect(neversMail).toContain('IBAN : FR76 1007 1620 0000 0010 0012 332 — BIC : TRPUFRP1');
		expect(neversMail).toContain('L’avis de paiement joint (PDF) reprend ces informations');
		// … and only of its own pledge.
		const [lavalPledge] = await db()
			.select()
			.from(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, laval)));
		expect(neversMail).not.toContain('25 000');
		expect(neversMail).not.toContain(formatReference(lavalPledge.paymentReference!));

		// … in English for Laval's signatory.
		const [toLaval] = called.filter((mail) => mail.recipient === lavalSigner.email);
		expect(toLaval.attachments).toEqual([{ kind: 'payment_notice', id: lavalPledge.id, locale: 'en' }]);
		const lavalMail = plain(emlText(await emlOf(toLaval.id)));
		expect(lavalMail).toContain(`Amount to pay: €25,000.00, by ${day('en-GB', lavalPledge.dueDate!)}`);
		expect(lavalMail).toContain(`Reference to quote with the transfer: ${formatReference(lavalPledge.paymentReference!)}`);
		expect(lavalMail).toContain('Payee: Béthune — account holder: Trésorerie de Béthune');
		expect(lavalMail).toContain('IBAN: FR76 1007 1620 0000 0010 0012 332 — BIC: TRPUFRP1');
		expect(lavalMail).not.toContain('Montant');
	});

	it('a change of account needs the same four-eyes approval; the account in force stays until then; every step is audited', async () => {
		const proposed = ok(await proposeReceivingAccount(admin, fundId, NEW_BANK)).id;
		const [pledge] = await db()
			.select()
			.from(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.status, 'called')));
		const before = await paymentNoticeFor(admin, pledge.id);
		expect(before.ok && before.notice.iban).toBe('FR7610071620000000100012332');
		// A second proposal supersedes the first: only the latest can be approved.
		const latest = ok(await proposeReceivingAccount(signerB, fundId, NEW_BANK)).id;
		expect(await approveReceivingAccount(proven(signerA), fundId, proposed)).toEqual({ ok: false, code: 'invalid_transition' });
		expect(await approveReceivingAccount(proven(signerB), fundId, latest)).toEqual({ ok: false, code: 'own_account' });
		expect(await approveReceivingAccount(proven(signerA), fundId, latest)).toEqual({ ok: true });
		const after = await paymentNoticeFor(admin, pledge.id);
		expect(after.ok && [after.notice.iban, after.notice.bic, after.notice.holder]).toEqual(['FR7630006000011234567890189', 'AGRIFRPP', 'Commune de Béthune']);
		// Re-entering the account in force changes nothing.
		expect(await proposeReceivingAccount(admin, fundId, NEW_BANK)).toEqual({ ok: false, code: 'account_unchanged' });

		const statuses = await db()
			.select({ status: receivingAccounts.status })
			.from(receivingAccounts)
			.where(eq(receivingAccounts.organisationId, bethune))
			.orderBy(asc(receivingAccounts.enteredAt));
		expect(statuses.map((s) => s.status)).toEqual(['replaced', 'superseded', 'approved']);
		const events = await db().select().from(auditEvents).where(like(auditEvents.action, 'receiving_account.%')).orderBy(asc(auditEvents.id));
		expect(events.map((e) => [e.action, e.actorUserId])).toEqual([
			['receiving_account.proposed', signerA.id],
			['receiving_account.approved', signerB.id],
			['receiving_account.change_proposed', admin.id],
			['receiving_account.change_proposed', signerB.id],
			['receiving_account.changed', signerA.id]
		]);
		// The audit log never holds a full IBAN.
		expect(JSON.stringify(events.map((e) => e.details))).not.toContain('30006000011234567890189');
		expect(events[4].details).toMatchObject({ iban: 'FR76 •••• •••• •••• •••• •••0 189', replacedIban: 'FR76 •••• •••• •••• •••• •••2 332' });
	});
});
