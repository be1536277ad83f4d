import { describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { disbursements, funds, ledgerEntries, memberships, organisations, pledges, users } from '$lib/server/db/schema';
import { subsidyFile } from '$lib/server/opendata/http';
import { subsidyExport } from '$lib/server/opendata/subventions';
import { setOrganisationSiret } from '$lib/server/organisations/siret';
import { parseCsv } from '$lib/domain/csv';
import { validateRecords, validateTable } from '$lib/domain/opendata/table-schema';
import { scdlSubventionsColumns, scdlSubventionsSchema } from '$lib/domain/opendata/scdl';
import { deliberations, deliberationsCsv } from '$lib/server/opendata/deliberations';
import { consortiumMembers } from '$lib/server/db/schema';
import { useDemoDatabase } from './support';

useDemoDatabase();

const csvOf = async (scope: Parameters<typeof subsidyFile>[0]) => parseCsv(await (await subsidyFile(scope, 'csv', 'test')).text());
const jsonOf = async (scope: Parameters<typeof subsidyFile>[0]) =>
	(await (await subsidyFile(scope, 'json', 'test')).json()) as { data: Record<string, unknown>[] };
const col = (name: (typeof scdlSubventionsColumns)[number]) => scdlSubventionsColumns.indexOf(name);
const cents = (euros: string) => Math.round(Number(euros) * 100);

describe('SCDL subventions exports', () => {
	it('the whole platform: valid against the schema, amounts equal to the ledger to the cent, shares adding up to 1', async () => {
		const table = await csvOf(null);
		expect(table[0]).toEqual([...scdlSubventionsColumns]);
		const rows = table.slice(1);
		expect(rows.length).toBeGreaterThan(1);
		expect(validateTable(scdlSubventionsSchema, table)).toEqual([]);

		// One row per member whose money paid the disbursement; a disbursement is identified by its total and decision.
		const byDisbursement = new Map<string, string[][]>();
		for (const row of rows) {
			const key = `${row[col('referenceDecision')]}|${row[col('montant')]}|${row[col('objet')]}`;
			byDisbursement.set(key, [...(byDisbursement.get(key) ?? []), row]);
		}
		const ledger = await db().select({ amountCents: ledgerEntries.amountCents }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'disburse'));
		expect([...byDisbursement.values()].map((group) => cents(group[0][col('montant')])).sort()).toEqual(ledger.map((e) => e.amountCents).sort());
		for (const group of byDisbursement.values()) {
			expect(group.reduce((sum, row) => sum + Math.round(Number(row[col('pourcentageSubvention')]) * 10_000), 0)).toBe(10_000);
		}
		// The demo's paid disbursement: Béthune, Beauvais and the partner paid in; the beneficiary gave its SIRET.
		expect(new Set(rows.map((r) => r[col('nomAttribuant')]))).toEqual(new Set(['Béthune', 'Beauvais', 'Fonds Territoires Connectés (démo)']));
		expect(rows.every((r) => r[col('datesPeriodeVersement')] && r[col('referenceDecision')] === 'DEL-2026-118')).toBe(true);

		const json = await jsonOf(null);
		expect(json.data).toHaveLength(rows.length);
		expect(validateRecords(scdlSubventionsSchema, json.data)).toEqual([]);
		expect(json.data.every((r) => typeof r.montant === 'number' && r.notificationUE === false)).toBe(true);
	});

	it('per fund and per attributing organisation, with nothing private in them', async () => {
		const [bethune] = await db().select().from(organisations).where(eq(organisations.slug, 'bethune'));
		const mine = await csvOf({ organisationId: bethune.id });
		expect(validateTable(scdlSubventionsSchema, mine)).toEqual([]);
		expect(mine.length).toBe(2);
		expect(mine[1][col('nomAttribuant')]).toBe('Béthune');
		expect(mine[1][col('idAttribuant')]).toBe(bethune.siret);
		expect(mine[1][col('idAttribuant')].slice(0, 9)).toBe(bethune.siren);

		const [{ fundId }] = await db().select({ fundId: disbursements.fundId }).from(disbursements).where(eq(disbursements.status, 'approved'));
		const ofFund = await csvOf({ fundId });
		expect(ofFund.slice(1).length).toBe((await csvOf(null)).slice(1).length);
		const otherFunds = await db().select({ id: funds.id }).from(funds);
		for (const { id } of otherFunds.filter((f) => f.id !== fundId)) expect(await csvOf({ fundId: id })).toEqual([[...scdlSubventionsColumns]]);

		const text = await (await subsidyFile(null, 'csv', 'all')).text();
		const notes = (await db().select({ note: pledges.note }).from(pledges)).map((p) => p.note).filter((n) => n.length > 3);
		expect(notes.length).toBeGreaterThan(0);
		for (const note of notes) expect(text).not.toContain(note);
		expect(text).not.toMatch(/@/);
	});

	it('rows wait for the SIRETs the schema requires, and a SIRET is checked against the SIREN', async () => {
		const [bethune] = await db().select().from(organisations).where(eq(organisations.slug, 'bethune'));
		const people = await db()
			.select({ user: users, role: memberships.role })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.organisationId, bethune.id), inArray(memberships.role, ['admin', 'signatory'])));
		const admin = people.find((p) => p.role === 'admin')!.user;
		const signatory = people.find((p) => p.role === 'signatory')!.user;
		const siret = bethune.siret!;
		expect(await setOrganisationSiret(signatory, bethune.id, siret)).toEqual({ ok: false, code: 'forbidden' });
		expect(await setOrganisationSiret(admin, bethune.id, '38047555800058')).toEqual({ ok: false, code: 'siren_mismatch' });
		expect(await setOrganisationSiret(admin, bethune.id, `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`)).toEqual({ ok: false, code: 'checksum' });
		expect(await setOrganisationSiret(admin, bethune.id, bethune.siren!)).toEqual({ ok: false, code: 'format' });

		const before = await subsidyExport(null);
		expect(await setOrganisationSiret(admin, bethune.id, '')).toEqual({ ok: true, siret: null });
		const without = await subsidyExport(null);
		// Béthune's rows (as attributing member, and as beneficiary of its project) wait; nothing else changes.
		expect(before.rows.some((r) => r.nomAttribuant === 'Béthune')).toBe(true);
		expect(without.rows.every((r) => r.nomAttribuant !== 'Béthune' && r.nomBeneficiaire !== 'Béthune')).toBe(true);
		expect(without.rows.length).toBeLessThan(before.rows.length);
		expect(without.withheld).toBe(before.withheld + before.rows.length - without.rows.length);
		expect(validateRecords(scdlSubventionsSchema, without.rows)).toEqual([]);
		expect(await setOrganisationSiret(admin, bethune.id, siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '))).toEqual({ ok: true, siret });
		expect((await subsidyExport(null)).rows.length).toBe(before.rows.length);
	});

	it('lists every délibération: council votes to join the consortium and pledge approvals, nothing private', async () => {
		const rows = await deliberations();
		const voted = await db().select().from(consortiumMembers).where(eq(consortiumMembers.status, 'council_approved'));
		const memberships = rows.filter((r) => r.approves === 'consortium_membership');
		expect(memberships.length).toBeGreaterThan(0);
		expect(rows.some((r) => r.approves === 'fund_pledge')).toBe(true);
		expect(memberships.map((r) => r.number).sort()).toEqual(
			voted
				.map((v) => v.deliberationNumber)
				.filter(Boolean)
				.sort()
		);
		const approvedPledges = await db()
			.select()
			.from(pledges)
			.where(inArray(pledges.status, ['approved', 'called', 'paid', 'released', 'refunded']));
		const withVote = approvedPledges.filter((p) => p.deliberationReference && !p.matchOfferId);
		expect(
			rows
				.filter((r) => r.approves === 'fund_pledge')
				.map((r) => r.number)
				.sort()
		).toEqual(withVote.map((p) => p.deliberationReference).sort());
		expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date) && r.organisation && r.object)).toBe(true);
		const csv = parseCsv(deliberationsCsv(rows, 'https://entente.example'));
		expect(csv[0]).toEqual(['organisation', 'siren', 'numero', 'date', 'approuve', 'objet', 'lien', 'pdf']);
		expect(csv).toHaveLength(rows.length + 1);
		const text = JSON.stringify(rows);
		for (const note of approvedPledges.map((p) => p.note).filter((n) => n.length > 3)) expect(text).not.toContain(note);
	});
});
