// Before the run: the messages compiled for Vitest (vite.config.ts points `$lib/paraglide/*` at them), unless
// already compiled from the same messages. After the run: the directory where tests/integration/support.ts
// kept the run's database templates (vite.config.ts names it once per run and hands it to the test files).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Where Vitest's messages are compiled (vite.config.ts points `$lib/paraglide/*` there under Vitest). */
export const VITEST_PARAGLIDE = '.svelte-kit/paraglide-vitest';

/**
 * The app's compile (`npm run i18n`) gives each message its own module, for the browser's sake: over 2,000 of
 * them, which every test file touching a message loaded one by one. Here they are one module per locale, with
 * the same compiler and the same options otherwise. Skipped when the messages and settings have not changed.
 */
function compileMessages() {
	const inputs = ['project.inlang/settings.json', ...readdirSync('messages').map((file) => join('messages', file))].sort();
	const hash = createHash('sha256');
	for (const file of inputs) hash.update(file).update(readFileSync(file));
	const digest = hash.digest('hex');
	const stamp = join(VITEST_PARAGLIDE, '.compiled-from');
	try {
		if (readFileSync(stamp, 'utf8') === digest) return;
	} catch {
		// not compiled yet
	}
	execFileSync(
		'npx',
		['paraglide-js', 'compile', '--project', './project.inlang', '--outdir', VITEST_PARAGLIDE, '--output-structure', 'locale-modules', '--silent'],
		{ stdio: 'inherit' }
	);
	writeFileSync(stamp, digest);
}

export default function setup() {
	compileMessages();
	const dir = process.env.ENTENTE_IT_TEMPLATES;
	return async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
	};
}
