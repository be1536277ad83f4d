import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { write } from '../db';
import * as schema from '../db/schema';

// The demo tells a story of past weeks through the real commands, and some of them (projects, rapprochements,
// conversations) take no date: they write "now". `storyStep(at, step)` runs one step of the story and then moves
// what that step wrote, and only that (every timestamp it set, between its first and its last instant), back to
// `at`, keeping the order of what happened inside the step, so histories read in the story's order.

const DAY = 86_400_000;

/** `days` days before `from` (the seed's own "now"). */
export const daysBefore = (from: number, days: number) => new Date(from - days * DAY);

/** Every table's millisecond timestamp columns, by SQL name; the ledger is append-only and never written here. */
function timestampColumns(): { table: string; columns: string[] }[] {
	return (Object.values(schema) as unknown[])
		.filter((value): value is SQLiteTable => is(value, SQLiteTable))
		.map((table) => ({
			table: getTableName(table),
			columns: Object.values(getTableColumns(table))
				.filter((column) => column.columnType === 'SQLiteTimestamp')
				// The schema's keys are camelCase; the database's columns are their snake_case (drizzle's casing).
				.map((column) => column.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
		}))
		.filter((entry) => entry.columns.length > 0 && entry.table !== 'ledger_entries');
}

export async function storyStep<T>(at: Date, step: () => Promise<T>): Promise<T> {
	const from = Date.now();
	const result = await step();
	const to = Date.now();
	const back = from - at.getTime();
	if (back <= 0) return result;
	await write(async (tx) => {
		for (const { table, columns } of timestampColumns()) {
			for (const column of columns) {
				const c = sql.identifier(column);
				await tx.run(sql`UPDATE ${sql.identifier(table)} SET ${c} = ${c} - ${back} WHERE ${c} BETWEEN ${from} AND ${to}`);
			}
		}
	});
	return result;
}
