// CSV files as spreadsheets open them (RFC 4180): comma-separated, CRLF line ends, a field quoted
// when it holds a comma, a double quote or a line break, its quotes doubled. A UTF-8 byte order mark
// comes first, or Excel reads "Béthune" as "BÃ©thune".
//
// A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return before one)
// gets a leading apostrophe: a bank reference typed as "=HYPERLINK(…)" stays text (OWASP, "CSV
// injection"). Numeric columns keep their sign, as long as what they hold is a number.

export const BOM = '\uFEFF';

/**
 * How fields are separated and decimals written. A spreadsheet set to French reads `,` as the decimal
 * mark, so it opens a comma-separated file as one column: the French variant separates with `;` and writes
 * `-12,50`, as Excel and LibreOffice in French write and read without an import dialog.
 */
export interface CsvDialect {
	separator: ',' | ';';
	decimal: '.' | ',';
}
export const RFC4180: CsvDialect = { separator: ',', decimal: '.' };
export const FRENCH_SPREADSHEET: CsvDialect = { separator: ';', decimal: ',' };

export interface CsvColumn<Row> {
	header: string;
	/** Numbers ("-12.50", 1234): written as they are, never taken for a formula. */
	numeric?: boolean;
	value: (row: Row) => string | number | null | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = { ',': /[",\r\n]/, ';': /[";\r\n]/ };

/** One field, neutralised if it would start a formula, quoted if it must be. */
export function csvField(value: string | number | null | undefined, numeric = false, dialect = RFC4180): string {
	let text = value === null || value === undefined ? '' : String(value);
	const isNumber = numeric && NUMBER.test(text);
	if (FORMULA_START.test(text) && !isNumber) text = `'${text}`;
	if (isNumber && dialect.decimal === ',') text = text.replace('.', ',');
	return NEEDS_QUOTES[dialect.separator].test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: byte order mark, header row, one record per row, each line ended by CRLF. */
export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Iterable<Row>, dialect = RFC4180): string {
	const lines = [columns.map((column) => csvField(column.header, false, dialect)).join(dialect.separator)];
	for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row), column.numeric, dialect)).join(dialect.separator));
	return `${BOM}${lines.join('\r\n')}\r\n`;
}

/**
 * Reads RFC 4180 text back into rows of fields (a leading byte order mark skipped): how the tests,
 * and anyone checking an export, read what `toCsv` wrote. Apostrophes added against formulas stay.
 */
export function parseCsv(text: string, separator: CsvDialect['separator'] = ','): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = text.startsWith(BOM) ? 1 : 0;
	for (; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === separator) {
			row.push(field);
			field = '';
		} else if (char === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += char;
	}
	if (field !== '' || row.length) rows.push([...row, field]);
	return rows;
}
