import { toCsv, type CsvColumn } from '../../domain/csv';
import { centsToDecimal, runningTotals, type Totals } from '../../domain/funds';
import { ledgerKindLabel } from '$lib/labels';
import type { LedgerRow } from './ledger';

// The public ledger as a spreadsheet: one line per entry, in order, with the fund's running totals
// after it. Codes and cents for programs, a French label and euros for people.

type Line = LedgerRow & { running: Totals };

const columns: CsvColumn<Line>[] = [
	{ header: 'seq', numeric: true, value: (e) => e.seq },
	{ header: 'datetime', value: (e) => e.at.toISOString() },
	{ header: 'kind', value: (e) => e.kind },
	{ header: 'kind_label', value: (e) => ledgerKindLabel(e.kind, 'fr') },
	{ header: 'organisation', value: (e) => e.organisationName },
	{ header: 'reference', value: (e) => e.reference },
	{ header: 'amount_eur', numeric: true, value: (e) => centsToDecimal(e.amountCents) },
	{ header: 'amount_cents', numeric: true, value: (e) => e.amountCents },
	{ header: 'from', value: (e) => e.from },
	{ header: 'to', value: (e) => e.to },
	{ header: 'committed_cents', numeric: true, value: (e) => e.running.committed },
	{ header: 'received_cents', numeric: true, value: (e) => e.running.received },
	{ header: 'available_cents', numeric: true, value: (e) => e.running.available }
];

/** Every entry of a fund (in ledger order) as a CSV file. */
export function ledgerCsv(entries: LedgerRow[]): string {
	const running = runningTotals(entries.map((e) => ({ from: e.from, to: e.to, amountCents: e.amountCents, isMatch: e.isMatch })));
	return toCsv(
		columns,
		entries.map((entry, i) => ({ ...entry, running: running[i] }))
	);
}
