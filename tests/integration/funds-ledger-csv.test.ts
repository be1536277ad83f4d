import { beforeAll, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { write } from '$lib/server/db';
import { consortia, consortiumMembers, memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { approvePledge, callPledges, enterPledge, openFund, recordReceipt } from '$lib/server/funds/commands';
import { fundSummary, ledgerWithRunningTotals, previousLedgerPage } from '$lib/server/funds/queries';
import { parseCsv } from '$lib/domain/csv';
import { GET } from '../../src/routes/(public)/funds/[id=id]/ledger.csv/+server';
import { createUser, proven, useTestDatabase } from './support';
import { approvedAccount } from './funds-support';

// The CSV export of a fund's ledger, through its route, against a real database and the funds commands.

useTestDatabase();

const DAY = 86_400_000;
let coordinator: User, neversAgent: User, neversSigner: User, villeAgent: User, villeSigner: User;
let bethune: string, nevers: string, ville: string, fundId: string;

async function organisation(name: string, members: [User, 'admin' | 'signatory'][]) {
	const id = newId();
	await write(async (tx) => {
		await tx
			.insert(organisations)
			.values({ id, slug: `org-${id}`, kind: 'city', name, verificationStatus: 'verified', createdBy: members[0][0].id, createdAt: new Date() });
		for (const [user, role] of members) await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
	});
	return id;
}

function download(id: string, query = '') {
	return GET({ params: { id }, url: new URL(`http://localhost/funds/${id}/ledger.csv${query}`) } as unknown as Parameters<typeof GET>[0]);
}

beforeAll(async () => {
	[coordinator, neversAgent, neversSigner, villeAgent, villeSigner] = await Promise.all([createUser(), createUser(), createUser(), createUser(), createUser()]);
	bethune = await organisation('Béthune', [[coordinator, 'admin']]);
	nevers = await organisation('Nevers', [
		[neversAgent, 'admin'],
		[neversSigner, 'signatory']
	]);
	// A name with a comma and quotes, to be quoted in the file.
	ville = await organisation('Ville "test", Aisne', [
		[villeAgent, 'admin'],
		[villeSigner, 'signatory']
	]);
	// An active consortium as its pages would have left it (its forming is tested elsewhere).
	const consortiumId = newId();
	await write(async (tx) => {
		const now = new Date();
		await tx.insert(consortia).values({
			id: consortiumId,
			name: 'Hub',
			purpose: 'Ensemble',
			coordinatorOrganisationId: bethune,
			status: 'active',
			minMembers: 2,
			minDepartements: 1,
			allowedRegions: [],
			createdBy: coordinator.id,
			createdAt: now,
			updatedAt: now
		});
		for (const organisationId of [bethune, nevers, ville]) {
			await tx
				.insert(consortiumMembers)
				.values({ id: newId(), consortiumId, organisationId, invitedName: 'x', status: 'council_approved', invitedBy: coordinator.id, invitedAt: now });
		}
	});
	await approvedAccount(bethune, coordinator);
	const opened = await openFund(coordinator, consortiumId, {
		kind: 'investment',
		name: 'Fonds commun',
		purpose: 'Tester',
		targetCents: 500_000_00,
		thresholdCents: null,
		rule: 'flexible',
		deadline: new Date(Date.now() + 30 * DAY),
		capAmountCents: null,
		capSharePercent: null
	});
	if (!opened.ok) throw new Error(opened.code);
	fundId = opened.id;
	const approval = { reference: '2026-12', date: new Date(Date.now() - DAY) };
	const a = await enterPledge(neversAgent, nevers, fundId, 100_000_00);
	const b = await enterPledge(villeAgent, ville, fundId, 50_000_50);
	if (!a.ok || !b.ok) throw new Error('pledges');
	expect(await approvePledge(proven(neversSigner), a.id, approval)).toMatchObject({ ok: true });
	expect(await approvePledge(proven(villeSigner), b.id, approval)).toMatchObject({ ok: true });
	expect(await callPledges(coordinator, fundId, [a.id, b.id], new Date(Date.now() + 30 * DAY))).toMatchObject({ ok: true });
	const received = { receivedOn: new Date() };
	expect(await recordReceipt(coordinator, a.id, { amountCents: 40_000_00, bankReference: '=HYPERLINK("http://evil.example")', ...received })).toEqual({
		ok: true,
		paid: false,
		unappliedCents: 0
	});
	expect(await recordReceipt(coordinator, a.id, { amountCents: 60_000_00, bankReference: 'VIR 2026-001, solde', ...received })).toEqual({
		ok: true,
		paid: true,
		unappliedCents: 0
	});
	expect(await recordReceipt(coordinator, b.id, { amountCents: 10_000_25, bankReference: '-ABC', ...received })).toEqual({
		ok: true,
		paid: false,
		unappliedCents: 0
	});
	// Another pledge, entered only: an intent.
	expect(await enterPledge(neversAgent, nevers, fundId, 1_00)).toMatchObject({ ok: true });
});

describe('the ledger CSV export', () => {
	it('is UTF-8 with a byte order mark, a download named after the fund', async () => {
		const response = await download(fundId);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${fundId}.csv"`);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toContain(',approve,Engagement approuvé (délibération),');
	});

	it('holds one line per entry, in order, with French labels, quoted and neutralised text, and amounts that add up to the totals', async () => {
		const [header, ...rows] = parseCsv(await (await download(fundId)).text());
		expect(header).toEqual([
			'seq',
			'datetime',
			'kind',
			'kind_label',
			'organisation',
			'reference',
			'amount_eur',
			'amount_cents',
			'from',
			'to',
			'committed_cents',
			'received_cents',
			'available_cents'
		]);
		const col = (name: string) => header.indexOf(name);
		expect(rows.map((r) => r[col('kind')])).toEqual(['pledge', 'pledge', 'approve', 'approve', 'call', 'call', 'receipt', 'receipt', 'receipt', 'pledge']);
		const seqs = rows.map((r) => Number(r[col('seq')]));
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
		expect(rows.every((r) => r.length === header.length)).toBe(true);
		expect(rows[0][col('kind_label')]).toBe('Engagement saisi');
		expect(rows.map((r) => r[col('organisation')])).toContain('Ville "test", Aisne');
		expect(rows[0][col('datetime')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

		const receipts = rows.filter((r) => r[col('kind')] === 'receipt');
		expect(receipts.map((r) => r[col('reference')])).toEqual(['\'=HYPERLINK("http://evil.example")', 'VIR 2026-001, solde', "'-ABC"]);
		expect(receipts.map((r) => r[col('amount_eur')])).toEqual(['40000.00', '60000.00', '10000.25']);
		const totals = (await fundSummary(fundId))!.totals;
		expect(receipts.reduce((sum, r) => sum + Number(r[col('amount_cents')]), 0)).toBe(totals.received);
		const last = rows.at(-1)!;
		expect(Number(last[col('committed_cents')])).toBe(totals.committed);
		expect(Number(last[col('received_cents')])).toBe(totals.received);
		expect(Number(last[col('available_cents')])).toBe(totals.available);
		expect(totals).toMatchObject({ committed: 150_000_50, received: 110_000_25, available: 110_000_25, intent: 1_00 });
	});

	it('says the same running totals as the ledger page, page after page', async () => {
		const [header, ...rows] = parseCsv(await (await download(fundId)).text());
		const col = (name: string) => header.indexOf(name);
		const seen: { seq: number; committed: number; received: number; available: number }[] = [];
		let after = 0;
		const starts: number[] = [];
		for (;;) {
			starts.push(after);
			const page = await ledgerWithRunningTotals(fundId, after, 3);
			seen.push(...page.entries.map((e) => ({ seq: e.seq, committed: e.running.committed, received: e.running.received, available: e.running.available })));
			if (page.nextSeq === null) break;
			after = page.nextSeq;
		}
		expect(seen).toEqual(
			rows.map((r) => ({
				seq: Number(r[col('seq')]),
				committed: Number(r[col('committed_cents')]),
				received: Number(r[col('received_cents')]),
				available: Number(r[col('available_cents')])
			}))
		);
		// "Previous page" leads back to where each page started.
		expect(starts).toHaveLength(4);
		for (let i = 1; i < starts.length; i++) expect(await previousLedgerPage(fundId, starts[i], 3)).toBe(starts[i - 1]);
		expect(await previousLedgerPage(fundId, 0, 3)).toBeNull();
	});

	it('comes in a variant a spreadsheet set to French opens in columns: semicolons, decimal commas, a byte order mark', async () => {
		const response = await download(fundId, '?format=fr');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${fundId}-fr.csv"`);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text.slice(0, text.indexOf('\r\n'))).toBe(
			'seq;datetime;kind;kind_label;organisation;reference;amount_eur;amount_cents;from;to;committed_cents;received_cents;available_cents'
		);
		expect(text).toContain(';receipt;Paiement reçu;Nevers;VIR 2026-001, solde;60000,00;6000000;');
		const [header, ...rows] = parseCsv(text, ';');
		const english = parseCsv(await (await download(fundId)).text());
		expect(header).toEqual(english[0]);
		expect(rows).toHaveLength(english.length - 1);
		const col = (name: string) => header.indexOf(name);
		expect(rows.filter((r) => r[col('kind')] === 'receipt').map((r) => r[col('amount_eur')])).toEqual(['40000,00', '60000,00', '10000,25']);
		expect(rows.map((r) => r[col('organisation')])).toContain('Ville "test", Aisne');
		expect(rows.every((r) => r.length === header.length)).toBe(true);
	});

	it('answers 404 for a fund that does not exist', async () => {
		for (const id of ['unknownfund0000', '../../etc', '']) {
			const refused = await Promise.resolve(download(id)).then(
				() => null,
				(e: unknown) => e
			);
			expect(isHttpError(refused) && refused.status).toBe(404);
		}
	});
});
