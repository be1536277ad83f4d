import { describe, expect, it } from 'vitest';
import { BOM, FRENCH_SPREADSHEET, csvField, parseCsv, toCsv, type CsvColumn } from './csv';

interface Row {
	name: string;
	amount: string;
	cents: number;
}
const columns: CsvColumn<Row>[] = [
	{ header: 'name', value: (r) => r.name },
	{ header: 'amount_eur', numeric: true, value: (r) => r.amount },
	{ header: 'amount_cents', numeric: true, value: (r) => r.cents }
];

describe('csvField', () => {
	it('leaves plain text alone', () => {
		expect(csvField('Béthune')).toBe('Béthune');
		expect(csvField('')).toBe('');
		expect(csvField(null)).toBe('');
		expect(csvField(1234)).toBe('1234');
	});

	it('quotes commas, double quotes and line breaks, doubling the quotes', () => {
		expect(csvField('Fonds, Béthune')).toBe('"Fonds, Béthune"');
		expect(csvField('le « fonds » "commun"')).toBe('"le « fonds » ""commun"""');
		expect(csvField('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
		expect(csvField('ligne 1\r\nligne 2')).toBe('"ligne 1\r\nligne 2"');
	});

	it('turns what a spreadsheet would run as a formula into text', () => {
		expect(csvField('=HYPERLINK("http://evil.example","clic")')).toBe(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
		expect(csvField('+33 1 23')).toBe("'+33 1 23");
		expect(csvField('-2+3')).toBe("'-2+3");
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvField('\t=1+1')).toBe("'\t=1+1");
		expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
		// Only at the start: a formula sign inside a reference is harmless.
		expect(csvField('VIR-2026-001')).toBe('VIR-2026-001');
	});

	it('keeps the sign of a number in a numeric column, but not a formula', () => {
		expect(csvField('-12.50', true)).toBe('-12.50');
		expect(csvField(-1250, true)).toBe('-1250');
		expect(csvField('-12.50')).toBe("'-12.50");
		expect(csvField('=1+1', true)).toBe("'=1+1");
		expect(csvField('-1,5', true)).toBe(`"'-1,5"`);
	});
});

describe('toCsv', () => {
	it('starts with the byte order mark, then a header row, and ends every line with CRLF', () => {
		const csv = toCsv(columns, [{ name: 'Nevers', amount: '1234.50', cents: 123450 }]);
		expect(csv.startsWith(BOM)).toBe(true);
		expect(csv.codePointAt(0)).toBe(0xfeff);
		expect(csv.slice(1)).toBe('name,amount_eur,amount_cents\r\nNevers,1234.50,123450\r\n');
		expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
	});

	it('writes only the header for no rows', () => {
		expect(toCsv(columns, [])).toBe(`${BOM}name,amount_eur,amount_cents\r\n`);
	});

	it('reads back field for field, whatever the text holds', () => {
		const rows: Row[] = [
			{ name: 'Saint-Quentin, Aisne', amount: '10.00', cents: 1000 },
			{ name: 'Dit "le fonds"\nsur deux lignes', amount: '0.07', cents: 7 },
			{ name: '=cmd|"/c calc"!A1', amount: '-3.00', cents: -300 },
			{ name: '', amount: '1.00', cents: 100 }
		];
		expect(parseCsv(toCsv(columns, rows))).toEqual([
			['name', 'amount_eur', 'amount_cents'],
			['Saint-Quentin, Aisne', '10.00', '1000'],
			['Dit "le fonds"\nsur deux lignes', '0.07', '7'],
			[`'=cmd|"/c calc"!A1`, '-3.00', '-300'],
			['', '1.00', '100']
		]);
	});
});

describe('the French spreadsheet variant', () => {
	it('separates with semicolons, writes decimal commas and quotes only what holds a semicolon', () => {
		const columns = [
			{ header: 'name', value: (r: { name: string; eur: string }) => r.name },
			{ header: 'amount_eur', numeric: true, value: (r: { name: string; eur: string }) => r.eur }
		];
		const text = toCsv(
			columns,
			[
				{ name: 'Nevers, Nièvre', eur: '-12.50' },
				{ name: 'a;b', eur: '3' }
			],
			FRENCH_SPREADSHEET
		);
		expect(text).toBe('\uFEFFname;amount_eur\r\nNevers, Nièvre;-12,50\r\n"a;b";3\r\n');
		expect(parseCsv(text, ';')).toEqual([
			['name', 'amount_eur'],
			['Nevers, Nièvre', '-12,50'],
			['a;b', '3']
		]);
	});
});
