import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { VITEST_PARAGLIDE } from './tests/integration/global-setup';

// Under Vitest the paraglide plugin keeps the process from exiting; tests/integration/global-setup.ts
// compiles the messages beforehand instead, one module per locale, into VITEST_PARAGLIDE.
const i18n = process.env.VITEST
	? []
	: [
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				strategy: ['cookie', 'baseLocale']
			})
		];

/** Under Vitest, `$lib/paraglide/*` (which SvelteKit's alias has made src/lib/paraglide/*) is VITEST_PARAGLIDE's. */
function vitestMessages(): Plugin {
	const app = resolve('src/lib/paraglide');
	return {
		name: 'entente-vitest-messages',
		enforce: 'pre',
		resolveId(source, importer) {
			const rest = source.startsWith('$lib/paraglide/')
				? source.slice('$lib/paraglide/'.length)
				: source.startsWith(`${app}/`)
					? source.slice(app.length + 1)
					: null;
			return rest === null ? null : this.resolve(join(resolve(VITEST_PARAGLIDE), rest), importer, { skipSelf: true });
		}
	};
}

// Where the integration tests keep this run's database templates (tests/integration/support.ts),
// removed at the end of the run by tests/integration/global-setup.ts.
if (process.env.VITEST) process.env.ENTENTE_IT_TEMPLATES ??= join(tmpdir(), `entente-it-templates-${process.pid}-${Date.now().toString(36)}`);

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), ...i18n, ...(process.env.VITEST ? [vitestMessages()] : [])],
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// Each file has its own database in a temporary directory: files run side by side, one per core.
		fileParallelism: true,
		maxWorkers: 2,
		globalSetup: ['tests/integration/global-setup.ts'],
		// The write queue's bound on expected wait is tested by write-pressure.test.ts; elsewhere tests fire
		// hundreds of writes at once to prove they are all kept, which the bound would refuse in part.
		env: { ENTENTE_IT_TEMPLATES: process.env.ENTENTE_IT_TEMPLATES ?? '', WRITE_QUEUE_MAX_WAIT_MS: 'Infinity' }
	}
});
