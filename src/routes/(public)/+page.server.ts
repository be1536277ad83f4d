import type { PageServerLoad } from './$types';
import { keyFigures } from '$lib/server/public/figures';
import { listPublicCalls } from '$lib/server/calls/queries';
import { similarCitiesFor } from '$lib/server/partners/similar';
import * as m from '$lib/paraglide/messages';
import { formatDate, formatNumber } from '$lib/labels';

/** A verified city or intercommunality the person acts as: its home shows the cities like it. */
function actingLocalAuthority(acting: App.MembershipSummary | null) {
	return acting && acting.verificationStatus === 'verified' && (acting.kind === 'city' || acting.kind === 'intercommunality') ? acting : null;
}

export const load: PageServerLoad = async ({ locals }) => {
	const city = actingLocalAuthority(locals.actingOrganisation);
	const [figures, open, similar] = await Promise.all([
		keyFigures(),
		listPublicCalls({ status: 'open' }, 0, 3),
		city ? similarCitiesFor(city.id) : Promise.resolve(null)
	]);
	return {
		description: m.home_lead(),
		// Numbers and dates worded here, not on hydration: a browser's first Intl formatter loads its ICU
		// data, a long task on a slow phone.
		figures: {
			cities: formatNumber(figures.cities),
			departements: formatNumber(figures.departements),
			startups: formatNumber(figures.startups),
			partners: formatNumber(figures.partners)
		},
		openCalls: open.calls.map((call) => ({ ...call, closes: m.call_closes_on({ date: formatDate(call.closesAt) }) })),
		similarCities: city && similar ? { organisation: { name: city.name, slug: city.slug }, suggestions: similar } : null
	};
};
