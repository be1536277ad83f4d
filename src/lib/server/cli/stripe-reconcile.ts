// npm run stripe:reconcile
// Lists every difference between Stripe and the platform for invoiced or card-paid pledges, and the
// refunds Stripe has not made. Exits 1 when there is one.
import { countOf } from '../../domain/intl';
import { ConfigError } from '../config';
import { connect, disconnect } from '../db';
import { applyMigrations } from '../db/migrate';
import { stripeEnabled } from '../stripe/client';
import { reconcileStripe } from '../stripe/reconcile';

try {
	if (!stripeEnabled()) {
		console.log('Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET): payments are recorded by hand, nothing to reconcile.');
	} else {
		await connect();
		await applyMigrations();
		const { checked, differences } = await reconcileStripe();
		for (const d of differences) {
			console.log(`✗ ${d.fundName} — ${d.organisationName} (pledge ${d.pledgeId}) — ${d.what}: Stripe ${d.stripe}, platform ${d.platform}`);
		}
		if (differences.length) {
			console.error(`${countOf(differences.length, 'difference', 'differences')} over ${countOf(checked, 'pledge', 'pledges')} paid through Stripe.`);
			process.exitCode = 1;
		} else {
			console.log(`✓ ${countOf(checked, 'pledge', 'pledges')} paid through Stripe: Stripe and the platform agree.`);
		}
	}
} catch (error) {
	console.error(error instanceof ConfigError ? `Cannot run: ${error.message}` : error);
	process.exitCode = 1;
} finally {
	disconnect();
}
