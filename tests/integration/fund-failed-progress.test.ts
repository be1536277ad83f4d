// A failed fund's progress block (fund page): it says the fund failed and what became of the money received,
// from the same totals as the page's "Totaux" card, never "Reçu : 0 €" beside "Reçu 130 000 €".
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { funds } from '$lib/server/db/schema';
import type { Totals } from '$lib/domain/funds';
import { load } from '../../src/routes/(public)/funds/[id=id]/+page.server';
import FundProgressBlock from '../../src/routes/(public)/funds/[id=id]/fund-progress-block.svelte';
import { callRoute } from './route-harness';
import { useDemoDatabase } from './support';

useDemoDatabase();

type Data = { fund: { status: 'failed'; thresholdCents: number; targetCents: number }; totals: Totals };

/** The block's text as a reader gets it: tags dropped, spaces (narrow and non-breaking included) made plain. */
const textOf = (html: string) =>
	html
		.replace(/<[^>]+>/g, ' ')
		.replace(/[\s\u202f\u00a0]+/g, ' ')
		.trim();

describe("a failed fund's progress block", () => {
	it('says the fund failed, with what was received, given back and still owed, as the totals say', async () => {
		const [fund] = await db().select({ id: funds.id }).from(funds).where(eq(funds.name, 'Éclairage public intelligent (démo)'));
		const outcome = await callRoute({ token: null, path: `/funds/${fund.id}`, params: { id: fund.id } }, load as never);
		if (outcome.kind !== 'ok') throw new Error(`the page answered ${JSON.stringify(outcome)}`);
		const data = outcome.data as Data;
		expect(data.fund.status).toBe('failed');
		// The demo's story: 130,000 € received before the deadline, 30,000 € still owed to Saint-Quentin.
		expect(data.totals.received).toBe(13_000_000);
		expect(data.totals.owed).toBe(3_000_000);
		const { body } = render(FundProgressBlock, {
			props: { status: data.fund.status, totals: data.totals, thresholdCents: data.fund.thresholdCents, targetCents: data.fund.targetCents }
		});
		const text = textOf(body);
		expect(text).toContain('Le fonds a échoué');
		expect(text).toContain('Reçu sur le compte du fonds 130 000,00 €');
		expect(text).toContain(`Déjà rendu ${textOf(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(data.totals.refunded / 100))}`);
		expect(text).toContain('Encore à rendre 30 000,00 €');
		// Not the progress of a fund still gathering money.
		expect(text).not.toContain('Reçu : 0');
		expect(text).not.toContain('engagés sur un objectif');
	});
});
