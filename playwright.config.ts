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
const E2E_DB = 'tests/.tmp/db/e2e.db';
const E2E_STRIPE_DB = 'tests/.tmp/db-stripe/e2e.db';
const serverEnv = { SEED_DEMO: 'true' };
// Debian's Chromium when installed (.ci/run installs it); Playwright's own browser otherwise.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'tests/.tmp/results',
	fullyParallel: false,
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
	webServer: [
		{
			// Started as a newcomer starts it: `npm start` builds the app (this is the suite's only build) and
			// serves it, with nothing set but a port and a scratch data directory; ORIGIN and HOST are removed
			// from the environment in case the shell running the tests has them.
			command: `rm -rf ${README_DATA_DIR} && env -u ORIGIN -u HOST -u DATABASE_URL -u MAIL_DIR -u UPLOAD_DIR npm start`,
			url: `http://localhost:${readmePort}/healthz`,
			reuseExistingServer: false,
			timeout: 300_000,
			stdout: 'pipe',
			env: { PORT: String(readmePort), DATA_DIR: README_DATA_DIR }
		},
		{
			// A fresh database and mailbox for every run.
			command: 'rm -rf tests/.tmp/db tests/.tmp/mail tests/.tmp/uploads && node server.js',
			url: `${baseURL}/healthz`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			env: { ...serverEnv, PORT: String(port), ORIGIN: baseURL, DATABASE_URL: `file:${E2E_DB}`, MAIL_DIR: 'tests/.tmp/mail', UPLOAD_DIR: 'tests/.tmp/uploads' }
		},
		{
			// A local fake of Stripe's API for the instance below (never the real Stripe).
			command: `npx tsx tests/support/fake-stripe.ts ${fakeStripePort}`,
			url: `http://127.0.0.1:${fakeStripePort}/_test/requests`,
			reuseExistingServer: false,
			timeout: 60_000,
			stdout: 'pipe'
		},
		{
			// A second instance of the same build, with Stripe configured against the fake.
			command: 'rm -rf tests/.tmp/db-stripe tests/.tmp/mail-stripe tests/.tmp/uploads-stripe && node server.js',
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
				STRIPE_API_BASE: `http://127.0.0.1:${fakeStripePort}`
			}
		}
	]
});
