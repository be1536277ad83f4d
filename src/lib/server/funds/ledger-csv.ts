import { RFC4180, toCsv, type CsvColumn, type CsvDialect } from '../../domain/csv';
import { centsToDecimal, runningTotals, totalsFrom, type EntryKind, type Flow, type Totals } from '../../domain/funds';
import { ledgerKindLabel } from '$lib/labels';
import { db } from '../db';
import { ledgerPage, type LedgerRow } from './ledger';

// The public ledger as a spreadsheet: one line per entry, in order, with the fund's running totals
// after it. Codes and cents for programs, a French label and euros for people.

type Line = LedgerRow & { running: Shown };

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
export function ledgerCsv(entries: LedgerRow[], dialect = RFC4180): string {
	const running = runningTotals(entries.map((e) => ({ from: e.from, to: e.to, amountCents: e.amountCents, isMatch: e.isMatch })));
	return toCsv(
		columns,
		entries.map((entry, i) => ({ ...entry, running: running[i] })),
		dialect
	);
}

/** Entries read from the database at a time: a page of the file is a few hundred kilobytes at most. */
export const CSV_PAGE_SIZE = 2000;

/** The running totals the file shows beside each entry. */
type Shown = Pick<Totals, 'committed' | 'received' | 'available'>;

/**
 * What moving one cent along a move (from, to, match or not) adds to each total the file shows: the
 * totals are sums over the ledger's moves (totalsFrom), so the running totals go forward by this times
 * each entry's amount, without summing the ledger so far again on each line.
 */
const perCent = new Map<string, Shown>();
function perCentOf(flow: Flow): Shown {
	const key = `${flow.from}>${flow.to}>${flow.isMatch}`;
	let unit = perCent.get(key);
	if (!unit) {
		const { committed, received, available } = totalsFrom([{ from: flow.from, to: flow.to, isMatch: flow.isMatch, amountCents: 1 }]);
		unit = { committed, received, available };
		perCent.set(key, unit);
	}
	return unit;
}

/** The French label of each kind, looked up once (every line of a file names one). */
const kindLabels = new Map<EntryKind, string>();
const kindLabelOf = (kind: EntryKind) => {
	let label = kindLabels.get(kind);
	if (label === undefined) kindLabels.set(kind, (label = ledgerKindLabel(kind, 'fr')));
	return label;
};

/**
 * The same file as `ledgerCsv`, written page by page as the reader takes it: memory and the first byte's
 * wait stay the same whatever the ledger's length. `nextPage(afterSeq)` reads the entries after `afterSeq`.
 * The running totals carry over from line to line and page to page.
 */
export function ledgerCsvStream(nextPage: (afterSeq: number) => Promise<LedgerRow[]>, dialect: CsvDialect = RFC4180): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let afterSeq = 0;
	let header = true;
	const running: Shown = { committed: 0, received: 0, available: 0 };
	const streamed = columns.map((column) => (column.header === 'kind_label' ? { ...column, value: (e: Line) => kindLabelOf(e.kind) } : column));
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				const page = await nextPage(afterSeq);
				const lines: Line[] = page.map((entry) => {
					const unit = perCentOf({ from: entry.from, to: entry.to, isMatch: entry.isMatch, amountCents: entry.amountCents });
					running.committed += unit.committed * entry.amountCents;
					running.received += unit.received * entry.amountCents;
					running.available += unit.available * entry.amountCents;
					return Object.assign(entry, { running: { ...running } });
				});
				let text = toCsv(streamed, lines, dialect);
				// toCsv writes a whole file: the byte order mark and header row belong to the first page only.
				if (!header) text = text.slice(text.indexOf('\r\n') + 2);
				header = false;
				if (page.length || afterSeq === 0) controller.enqueue(encoder.encode(text));
				if (page.length < CSV_PAGE_SIZE) controller.close();
				else afterSeq = page.at(-1)!.seq;
			}
		},
		{ highWaterMark: 0 }
	);
}

/** A fund's whole ledger as a CSV stream, read from the database a page at a time. */
export function fundLedgerCsv(fundId: string, dialect: CsvDialect = RFC4180): ReadableStream<Uint8Array> {
	return ledgerCsvStream((afterSeq) => ledgerPage(db(), fundId, afterSeq, CSV_PAGE_SIZE), dialect);
}
