import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// E2E_PORT lets two checkouts run their suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://localhost:${port}`;
// The Stripe-configured instance listens on the next port, its fake Stripe 2000 ports higher.
const stripeURL = `http://localhost:${port + 1}`;
// The instance started exactly as the README says (`npm start`, no ORIGIN, no HOST), on the port after.
const readmePort = port + 3;
const README_DATA_DIR = 'tests/.tmp/readme';
const fakeStripePort = port + 2000;
const fakeStripeURL = `http://127.0.0.1:${fakeStripePort}`;
// Where the run's demo database is built once (tests/e2e/demo-template.ts) for the instances to copy.
const DEMO_TEMPLATE_DIR = 'tests/.tmp/demo';
// Sessions signIn shares between the workers (tests/e2e/support.ts), emptied before each run.
const SESSION_STORE = 'tests/.tmp/sessions';
const E2E_DB = 'tests/.tmp/db/e2e.db';
const E2E_STRIPE_DB = 'tests/.tmp/db-stripe/e2e.db';
const serverEnv = { SEED_DEMO: 'true' };
// Debian's Chromium when installed (.ci/run installs it); Playwright's own browser otherwise.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'tests/.tmp/results',
	// Tests, not files, are shared out between the workers: a long file no longer leaves the other worker idle at the end.
	fullyParallel: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL,
		locale: 'fr-FR',
		// An action or a navigation that cannot happen fails in seconds, not at the end of a long test's timeout.
		actionTimeout: 15_000,
		navigationTimeout: 30_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu']
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	// Playwright starts these in order, waiting for each to be ready (its url, or its `wait`) before the next;
	// one without either is only launched. So the demo database is built once (beside the app's build) and
	// the fake Stripe starts meanwhile; the README instance counts as ready once `npm start` has built the app
	// (it seeds itself while the others start; readme-start.e2e.ts waits for it); the main instance and the
	// Stripe one start from copies of the demo database, in a second each, instead of seeding one after another.
	webServer: [
		{
			// The demo as a server seeds it at start (tests/e2e/demo-template.ts), once for this run.
			command: `rm -rf ${DEMO_TEMPLATE_DIR} ${SESSION_STORE} && npx tsx tests/e2e/demo-template.ts ${DEMO_TEMPLATE_DIR}`,
			stdout: 'pipe',
			env: { ORIGIN: baseURL }
		},
		{
			// A local fake of Stripe's API for the Stripe-configured instance (never the real Stripe).
			command: `npx tsx tests/support/fake-stripe.ts ${fakeStripePort}`,
			stdout: 'pipe'
		},
		{
			// Started as a newcomer starts it: `npm start` builds the app (this is the suite's only build) and
			// serves it, with nothing set but a port and a scratch data directory; ORIGIN and HOST are removed
			// from the environment in case the shell running the tests has them.
			command: `rm -rf ${README_DATA_DIR} && env -u ORIGIN -u HOST -u DATABASE_URL -u MAIL_DIR -u UPLOAD_DIR npm start`,
			// The build is done (adapter-node's last line): the other instances can start.
			wait: { stdout: /Using @sveltejs\/adapter-node[\s\S]*done/ },
			timeout: 300_000,
			stdout: 'pipe',
			env: { PORT: String(readmePort), DATA_DIR: README_DATA_DIR }
		},
		{
			// A fresh database (a copy of the run's demo) and mailbox for every run.
			command: `rm -rf tests/.tmp/db tests/.tmp/mail tests/.tmp/uploads && node tests/e2e/demo-copy.mjs ${DEMO_TEMPLATE_DIR} ${E2E_DB} && node server.js`,
			url: `${baseURL}/healthz`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			env: { ...serverEnv, PORT: String(port), ORIGIN: baseURL, DATABASE_URL: `file:${E2E_DB}`, MAIL_DIR: 'tests/.tmp/mail', UPLOAD_DIR: 'tests/.tmp/uploads' }
		},
		{
			// A second instance of the same build, with Stripe configured against the fake (once it answers).
			command: `rm -rf tests/.tmp/db-stripe tests/.tmp/mail-stripe tests/.tmp/uploads-stripe && node tests/e2e/demo-copy.mjs ${DEMO_TEMPLATE_DIR} ${E2E_STRIPE_DB} ${fakeStripeURL}/_test/requests && node server.js`,
			url: `${stripeURL}/healthz`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			env: {
				...serverEnv,
				PORT: String(port + 1),
				ORIGIN: stripeURL,
				DATABASE_URL: `file:${E2E_STRIPE_DB}`,
				MAIL_DIR: 'tests/.tmp/mail-stripe',
				UPLOAD_DIR: 'tests/.tmp/uploads-stripe',
				STRIPE_SECRET_KEY: 'sk_test_entente_fake',
				STRIPE_WEBHOOK_SECRET: 'whsec_entente_fake_secret',
				STRIPE_API_BASE: fakeStripeURL
			}
		}
	]
});
