import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client, InStatement } from '@libsql/client';

// Which tables a piece of work read, and which tables each write changed: what lets the render cache keep a
// page through writes that cannot have changed it (a question posted on a call leaves the list of projects
// as it was), and still render it again after any write that could have.
//
// Every statement sent through the client passes here. Its tables are the known table names (read from the
// database's own catalogue) that appear in its text, quoted or not: a superset when a column shares a
// table's name, never less. A statement inside a write (db/write-lock.ts) that is not a plain read marks
// its tables as written, with the tables its triggers write (the ledger's AFTER INSERT triggers keep the
// fund totals), when the write settles. Whatever cannot be told (no known table in the text, a batch of
// migrations, a catalogue not read yet) counts as "every table": the old rule, stale after any write.

/** Stands for every table: a read or a write whose tables cannot be told. */
export const EVERY_TABLE = '*';

let knownTables = new Set<string>();
/** For a table, the other tables its triggers write (closed over chains of triggers). */
let triggerWrites = new Map<string, readonly string[]>();

const IDENTIFIER = /"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_]*)/g;

function namesIn(sql: string, among: Set<string>): string[] {
	const found = new Set<string>();
	for (const match of sql.matchAll(IDENTIFIER)) {
		const name = (match[1]?.replaceAll('""', '"') ?? match[2] ?? match[3] ?? match[4]).toLowerCase();
		if (among.has(name)) found.add(name);
	}
	return [...found];
}

/** Reads the tables and triggers of the database (at connection, and again after migrations). */
export async function loadTableCatalogue(client: Pick<Client, 'execute'>) {
	const rows = (await client.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')")).rows;
	const tables = new Set<string>();
	for (const row of rows) if (row.type !== 'trigger') tables.add(String(row.name).toLowerCase());
	const direct = new Map<string, Set<string>>();
	for (const row of rows) {
		if (row.type !== 'trigger' || typeof row.sql !== 'string') continue;
		const on = String(row.tbl_name).toLowerCase();
		// The body: what follows BEGIN (the trigger's own table is named before it).
		const body = row.sql.slice(row.sql.search(/\bBEGIN\b/i) + 1 || 0);
		const targets = direct.get(on) ?? new Set<string>();
		for (const name of namesIn(body, tables)) if (name !== on) targets.add(name);
		direct.set(on, targets);
	}
	const closed = new Map<string, readonly string[]>();
	for (const table of direct.keys()) {
		const reached = new Set<string>();
		const queue = [...(direct.get(table) ?? [])];
		while (queue.length > 0) {
			const next = queue.pop()!;
			if (reached.has(next)) continue;
			reached.add(next);
			queue.push(...(direct.get(next) ?? []));
		}
		closed.set(table, [...reached]);
	}
	knownTables = tables;
	triggerWrites = closed;
	statementTables.clear();
}

/** Statements seen, with their tables (most statements are the same text with other arguments); bounded. */
const statementTables = new Map<string, readonly string[]>();
const MAX_REMEMBERED_STATEMENTS = 4096;
const READ = /^\s*(select|pragma|explain|begin|commit|end|rollback|savepoint|release)\b/i;
const WITH_WRITE = /\b(insert|update|delete|replace)\b/i;

/** The tables a statement names: `[EVERY_TABLE]` when none is known. */
export function tablesOf(sql: string): readonly string[] {
	let tables = statementTables.get(sql);
	if (tables) return tables;
	const named = namesIn(sql, knownTables);
	tables = named.length > 0 ? named : [EVERY_TABLE];
	if (statementTables.size >= MAX_REMEMBERED_STATEMENTS) statementTables.clear();
	statementTables.set(sql, tables);
	return tables;
}

/** Whether a statement may change something (anything but a plain read). */
export function writesSomething(sql: string): boolean {
	if (!READ.test(sql)) return !/^\s*with\b/i.test(sql) || WITH_WRITE.test(sql);
	return false;
}

const reading = new AsyncLocalStorage<Set<string>>();
const writing = new AsyncLocalStorage<Set<string>>();

/** A statement sent to the database: its tables go to the work that sent it. */
export function noteStatement(statement: InStatement | string) {
	const sql = typeof statement === 'string' ? statement : statement.sql;
	const read = reading.getStore();
	const written = writing.getStore();
	if (!read && !written) return;
	const tables = tablesOf(sql);
	if (read) for (const table of tables) read.add(table);
	if (written && writesSomething(sql)) {
		for (const table of tables) {
			written.add(table);
			for (const implied of triggerWrites.get(table) ?? []) written.add(implied);
		}
	}
}

/** A batch whose tables are not told statement by statement (migrations): every table. */
export function noteEveryTable() {
	reading.getStore()?.add(EVERY_TABLE);
	writing.getStore()?.add(EVERY_TABLE);
}

/** Runs `work` and tells which tables it read (EVERY_TABLE when it sent no statement: it may depend on anything). */
export async function tablesReadBy<T>(work: () => Promise<T>): Promise<{ result: T; tables: readonly string[] }> {
	const tables = new Set<string>();
	const result = await reading.run(tables, work);
	return { result, tables: tables.size > 0 ? [...tables] : [EVERY_TABLE] };
}

/** Runs a write, collecting the tables it changes into `into`. */
export function recordingWrites<T>(into: Set<string>, work: () => Promise<T>): Promise<T> {
	return writing.run(into, work);
}

/** For each table, the generation of the latest write that changed it. */
const lastWritten = new Map<string, number>();
/** The latest write of all, and the latest whose tables could not be told (it changed every table). */
let latestWrite = -1;
let latestWriteOfEveryTable = -1;

/** A write has settled as `generation`, having changed `tables` (none: it changed nothing). */
export function markWritten(tables: Iterable<string>, generation: number) {
	latestWrite = generation;
	for (const table of tables) {
		if (table === EVERY_TABLE) latestWriteOfEveryTable = generation;
		else lastWritten.set(table, generation);
	}
}

/** Whether no write that settled after `generation` changed any of `tables`. */
export function unchangedSince(tables: readonly string[], generation: number): boolean {
	if (latestWrite <= generation) return true;
	if (latestWriteOfEveryTable > generation || tables.includes(EVERY_TABLE)) return false;
	for (const table of tables) if ((lastWritten.get(table) ?? -1) > generation) return false;
	return true;
}
