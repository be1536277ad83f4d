// What stops a start, said in one sentence that names the file or folder and what to do, instead of a
// raw LibsqlError and its stack (the configuration errors already read that way: config.ts).

interface Settings {
	databaseUrl: string;
	dataDir: string;
}

function databaseFile(url: string) {
	return url.startsWith('file:') ? url.slice('file:'.length).split('?')[0] : null;
}

function codeOf(error: unknown): string {
	const e = error as { code?: unknown; rawCode?: unknown; cause?: { code?: unknown } } | null;
	return [e?.code, e?.cause?.code].filter((c): c is string => typeof c === 'string').join(' ');
}

/** The sentence for an error met while opening and migrating the database, or null when it is not one we know. */
export function startErrorSentence(error: unknown, settings: Settings): string | null {
	const code = codeOf(error);
	const message = error instanceof Error ? error.message : String(error);
	const file = databaseFile(settings.databaseUrl);
	const where = file ? `The database file ${file}` : `The database at ${settings.databaseUrl}`;
	if (/SQLITE_NOTADB|SQLITE_CORRUPT/.test(code) || /not a database|malformed/i.test(message)) {
		return `${where} is not a readable database (damaged, or another kind of file): restore it from a backup, or set DATABASE_URL to another file.`;
	}
	if (/SQLITE_READONLY/.test(code) || /readonly|read-only/i.test(message)) {
		return `${where} cannot be written (a read-only file, folder or disk): give the server write access to it and to its folder.`;
	}
	if (/SQLITE_CANTOPEN/.test(code) || /unable to open/i.test(message)) {
		return `${where} cannot be opened: check that its folder exists and that the server may read and write there.`;
	}
	if (/EACCES|EROFS|ENOTDIR|EEXIST|EPERM/.test(code)) {
		const path = (error as { path?: string }).path ?? file ?? settings.dataDir;
		return `The folder ${path} cannot be created or written (${code.split(' ')[0]}): give the server write access there, or set DATA_DIR and DATABASE_URL to a writable place.`;
	}
	return null;
}
