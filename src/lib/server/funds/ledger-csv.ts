import { RFC4180, toCsv, type CsvColumn, type CsvDialect } from '../../domain/csv';
import { centsToDecimal, runningTotals, type Flow, type Totals } from '../../domain/funds';
import { ledgerKindLabel } from '$lib/labels';
import { db } from '../db';
import { ledgerPage, type LedgerRow } from './ledger';

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

/**
 * The same file as `ledgerCsv`, written page by page as the reader takes it: memory and the first byte's
 * wait stay the same whatever the ledger's length. `nextPage(afterSeq)` reads the entries after `afterSeq`.
 * The running totals carry over from page to page as the ledger's flows summed so far.
 */
export function ledgerCsvStream(nextPage: (afterSeq: number) => Promise<LedgerRow[]>, dialect: CsvDialect = RFC4180): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let afterSeq = 0;
	let header = true;
	const sums = new Map<string, Flow>();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				const page = await nextPage(afterSeq);
				const flows = page.map((e) => ({ from: e.from, to: e.to, amountCents: e.amountCents, isMatch: e.isMatch }));
				const running = runningTotals(flows, sums.values());
				for (const flow of flows) {
					const key = `${flow.from}>${flow.to}>${flow.isMatch}`;
					const sum = sums.get(key);
					if (sum) sum.amountCents += flow.amountCents;
					else sums.set(key, { ...flow });
				}
				let text = toCsv(
					columns,
					page.map((entry, i) => ({ ...entry, running: running[i] })),
					dialect
				);
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
