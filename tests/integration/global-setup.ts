// Removes, after the run, the directory where tests/integration/support.ts keeps the run's database
// templates (vite.config.ts names it once per run and hands it to the test files).
import { rm } from 'node:fs/promises';

export default function setup() {
	const dir = process.env.ENTENTE_IT_TEMPLATES;
	return async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
	};
}
