// node tests/e2e/demo-copy.mjs <template directory> <database file> [<url>]   (run by playwright.config.ts)
//
// Waits for the run's demo template (tests/e2e/demo-template.ts, built while the app builds), copies it to
// where a server's DATABASE_URL points and, given a url, waits until that answers (the fake Stripe a server
// talks to). Exits non-zero if the template failed, or if either is not there within three minutes.
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const [dir, target, url] = process.argv.slice(2);
if (!dir || !target) throw new Error('usage: node tests/e2e/demo-copy.mjs <template directory> <database file> [<url>]');
const deadline = Date.now() + 180_000;
const exists = (path) =>
	stat(path).then(
		() => true,
		() => false
	);
const answers = () =>
	fetch(url).then(
		(response) => response.ok,
		() => false
	);

async function waitFor(what, ready) {
	while (!(await ready())) {
		if (Date.now() > deadline) {
			console.error(`${what} was not there within three minutes`);
			process.exit(1);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

await waitFor(`the demo template ${join(dir, 'demo.db')}`, async () => {
	if (await exists(join(dir, 'failed.txt'))) {
		console.error(`the demo template was not built:\n${await readFile(join(dir, 'failed.txt'), 'utf8')}`);
		process.exit(1);
	}
	return exists(join(dir, 'demo.db'));
});
await mkdir(dirname(target), { recursive: true });
await copyFile(join(dir, 'demo.db'), target);
if (url) await waitFor(url, answers);
