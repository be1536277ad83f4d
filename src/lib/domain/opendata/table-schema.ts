// A validator for the parts of Frictionless Table Schema (specs.frictionlessdata.io/table-schema) that
// open-data schemas of schema.data.gouv.fr use: field types string, number, integer, boolean and date;
// constraints required, pattern, enum, minimum, maximum, minLength, maxLength; missing values; and
// the custom checks of Validata that the SCDL schemas declare (a SIRET's key, one of two columns).
//
// Rows are read in their physical form (the text of a CSV cell) or, for JSON, as JSON values (a
// number for a number, true/false for a boolean): both are checked against the same constraints.
// No maintained JavaScript package validates Table Schema today (frictionless-js is archived), and
// what is needed fits here.

import { parseSirenOrSiret } from '../siren';

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date';

export interface TableSchemaField {
	name: string;
	type: FieldType;
	format?: string;
	trueValues?: string[];
	falseValues?: string[];
	constraints?: {
		required?: boolean;
		pattern?: string;
		enum?: (string | number)[];
		minimum?: number;
		maximum?: number;
		minLength?: number;
		maxLength?: number;
	};
}

export interface CustomCheck {
	name: string;
	params: Record<string, string | undefined>;
}

export interface TableSchema {
	fields: TableSchemaField[];
	missingValues?: string[];
	custom_checks?: CustomCheck[];
}

export type ErrorCode =
	'header' | 'required' | 'type' | 'pattern' | 'enum' | 'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'siret' | 'one-of-required' | 'extra-cell';

export interface ValidationError {
	/** 1-based row of data (the header is row 0); null for the header. */
	row: number | null;
	field: string | null;
	code: ErrorCode;
}

const DEFAULT_TRUE = ['true', 'True', 'TRUE', '1'];
const DEFAULT_FALSE = ['false', 'False', 'FALSE', '0'];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date that exists: 2023-02-30 is refused. */
export function isIsoDate(text: string): boolean {
	const match = ISO_DATE.exec(text);
	if (!match) return false;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

type Cast = { ok: true; value: string | number | boolean } | { ok: false };

/** The logical value of a cell, or a type error. */
function cast(field: TableSchemaField, raw: unknown): Cast {
	switch (field.type) {
		case 'string':
			return typeof raw === 'string' ? { ok: true, value: raw } : { ok: false };
		case 'number':
			if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false };
			return typeof raw === 'string' && NUMBER.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
		case 'integer':
			if (typeof raw === 'number') return Number.isInteger(raw) ? { ok: true, value: raw } : { ok: false };
			return typeof raw === 'string' && INTEGER.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
		case 'boolean': {
			if (typeof raw === 'boolean') return { ok: true, value: raw };
			if (typeof raw !== 'string') return { ok: false };
			if ((field.trueValues ?? DEFAULT_TRUE).includes(raw)) return { ok: true, value: true };
			if ((field.falseValues ?? DEFAULT_FALSE).includes(raw)) return { ok: true, value: false };
			return { ok: false };
		}
		case 'date':
			return typeof raw === 'string' && isIsoDate(raw) ? { ok: true, value: raw } : { ok: false };
	}
}

function isMissing(schema: TableSchema, raw: unknown) {
	return raw === null || raw === undefined || (typeof raw === 'string' && (schema.missingValues ?? ['']).includes(raw));
}

/** The errors of one row, given as an object keyed by field name. */
export function validateRow(schema: TableSchema, row: Record<string, unknown>, rowNumber = 1): ValidationError[] {
	const errors: ValidationError[] = [];
	const fail = (field: string | null, code: ErrorCode) => errors.push({ row: rowNumber, field, code });
	const names = new Set(schema.fields.map((f) => f.name));
	for (const key of Object.keys(row)) if (!names.has(key)) fail(key, 'extra-cell');
	for (const field of schema.fields) {
		const raw = row[field.name];
		const c = field.constraints ?? {};
		if (isMissing(schema, raw)) {
			if (c.required) fail(field.name, 'required');
			continue;
		}
		const cell = cast(field, raw);
		if (!cell.ok) {
			fail(field.name, 'type');
			continue;
		}
		const value = cell.value;
		if (typeof value === 'string') {
			// Table Schema patterns (XML Schema style, so no "u" flag) match the whole value; lengths count characters.
			if (c.pattern !== undefined && !new RegExp(`^(?:${c.pattern})$`).test(value)) fail(field.name, 'pattern');
			const length = [...value].length;
			if (c.minLength !== undefined && length < c.minLength) fail(field.name, 'minLength');
			if (c.maxLength !== undefined && length > c.maxLength) fail(field.name, 'maxLength');
		}
		if (typeof value === 'number') {
			if (c.minimum !== undefined && value < c.minimum) fail(field.name, 'minimum');
			if (c.maximum !== undefined && value > c.maximum) fail(field.name, 'maximum');
		}
		if (c.enum !== undefined && !c.enum.some((allowed) => allowed === value || String(allowed) === String(value))) fail(field.name, 'enum');
	}
	for (const check of schema.custom_checks ?? []) {
		if (check.name === 'french-siret-value') {
			const column = check.params.column ?? '';
			const raw = row[column];
			if (isMissing(schema, raw)) continue;
			const text = String(raw);
			if (!/^\d{14}$/.test(text) || !parseSirenOrSiret(text).ok) fail(column, 'siret');
		} else if (check.name === 'one-of-required') {
			const [first, second] = [check.params.column1 ?? '', check.params.column2 ?? ''];
			if (isMissing(schema, row[first]) && isMissing(schema, row[second])) fail(first, 'one-of-required');
		}
	}
	return errors;
}

/** A whole table read from CSV: the header must name the schema's fields in its order, then each row is checked. */
export function validateTable(schema: TableSchema, table: string[][]): ValidationError[] {
	const [header, ...rows] = table;
	const names = schema.fields.map((f) => f.name);
	if (!header || header.length !== names.length || header.some((h, i) => h !== names[i])) return [{ row: null, field: null, code: 'header' }];
	const errors: ValidationError[] = [];
	rows.forEach((cells, i) => {
		if (cells.length > names.length) errors.push({ row: i + 1, field: null, code: 'extra-cell' });
		const row = Object.fromEntries(names.map((name, j) => [name, cells[j] ?? '']));
		errors.push(...validateRow(schema, row, i + 1));
	});
	return errors;
}

/** Rows given as JSON objects (the JSON form of an export). */
export function validateRecords(schema: TableSchema, records: Record<string, unknown>[]): ValidationError[] {
	return records.flatMap((record, i) => validateRow(schema, record, i + 1));
}
