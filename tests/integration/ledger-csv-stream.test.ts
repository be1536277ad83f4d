import { describe, expect, it } from 'vitest';
import { CSV_PAGE_SIZE, ledgerCsv, ledgerCsvStream } from '$lib/server/funds/ledger-csv';
import type { LedgerRow } from '$lib/server/funds/ledger';
import { entryKinds, type EntryKind } from '$lib/domain/funds';

// A ledger longer than several pages, streamed: the same bytes as the file built in one piece,
// read from the database a page at a time and handed over one page per read.

function entries(n: number): LedgerRow[] {
	const kinds: EntryKind[] = ['pledge', 'approve', 'call', 'receipt'];
	return Array.from({ length: n }, (_, i) => {
		const kind = kinds[i % kinds.length];
		const [from, to] = entryKinds[kind];
		return {
			seq: i + 1,
			at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
			kind,
			from,
			to,
			amountCents: 1000 + (i % 7) * 100,
			isMatch: i % 11 === 0,
			pledgeId: `p${Math.floor(i / 4)}`,
			disbursementId: null,
			organisationId: 'o1',
			organisationName: i % 5 === 0 ? 'Ville "test", Aisne' : 'Béthune',
			reference: i % 13 === 0 ? '=HYPERLINK("x")' : `REF-${i}`
		} as LedgerRow;
	});
}

async function read(stream: ReadableStream<Uint8Array>) {
	const chunks: Uint8Array[] = [];
	const reader = stream.getReader();
	for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
	return { chunks: chunks.length, text: Buffer.concat(chunks).toString('utf8') };
}

function pagesOf(all: LedgerRow[], requests: number[]) {
	return async (afterSeq: number) => {
		requests.push(afterSeq);
		return all.filter((e) => e.seq > afterSeq).slice(0, CSV_PAGE_SIZE);
	};
}

describe('the streamed ledger CSV', () => {
	for (const n of [0, 3, CSV_PAGE_SIZE, 2 * CSV_PAGE_SIZE + 17]) {
		it(`matches the file built in one piece, for ${n} entries`, async () => {
			const all = entries(n);
			const requests: number[] = [];
			const { text, chunks } = await read(ledgerCsvStream(pagesOf(all, requests)));
			expect(text).toBe(ledgerCsv(all));
			expect(requests.length).toBe(Math.floor(n / CSV_PAGE_SIZE) + 1);
			expect(chunks).toBe(n === 0 ? 1 : Math.ceil(n / CSV_PAGE_SIZE));
		});
	}

	it('reads the next page only when the reader asks for it', async () => {
		const all = entries(3 * CSV_PAGE_SIZE);
		const requests: number[] = [];
		const reader = ledgerCsvStream(pagesOf(all, requests)).getReader();
		await reader.read();
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(requests.length).toBe(1);
		await reader.cancel();
	});
});
