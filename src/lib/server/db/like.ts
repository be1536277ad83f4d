import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** `text` with LIKE's wildcards (% and _) and the escape character itself taken literally. */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column LIKE pattern ESCAPE '\'`: build `pattern` from `escapeLike`d text and the wildcards you mean. */
export function likeEscaped(column: AnyColumn, pattern: string): SQL {
	return sql`${column} like ${pattern} escape '\\'`;
}
