// The embedded libSQL driver fails overlapping write transactions of one process with SQLITE_BUSY
// and can then lose writes it acknowledged (tursodatabase/libsql-client-ts#352). Every write and
// every transaction therefore waits here for the previous one to settle.

let tail: Promise<unknown> = Promise.resolve();

export function withWriteLock<T>(work: () => Promise<T>): Promise<T> {
	const run = tail.then(work, work);
	tail = run.catch(() => undefined);
	return run;
}
