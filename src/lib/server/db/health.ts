import { rawClient } from './index';

/** True when the database answers a query within two seconds. */
export async function databaseAnswers(timeoutMs = 2000): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	try {
		const probe = rawClient().execute('SELECT 1');
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
		});
		await Promise.race([probe, timeout]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
