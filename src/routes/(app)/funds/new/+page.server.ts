import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { coordinatedConsortia } from '$lib/server/consortia/queries';
import { consortiumForFund } from '$lib/server/funds/queries';
import { openFund } from '$lib/server/funds/commands';
import { mayCoordinateFund, mayOpenFund } from '$lib/server/funds/policy';
import { fundRefusalTable } from '$lib/server/funds/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { setFlash } from '$lib/server/http/flash';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { fundSchema } from '$lib/schemas/funds';
import { toParisInput } from '$lib/domain/dates';
import { isId } from '$lib/domain/ids';
import * as m from '$lib/paraglide/messages';

/** Why this person cannot open a fund for this consortium, or null when they can (openFund asks mayOpenFund again). */
function obstacle(consortium: NonNullable<Awaited<ReturnType<typeof consortiumForFund>>>, organisations: App.MembershipSummary[]) {
	const opening = mayOpenFund(organisations.find((o) => o.id === consortium.coordinatorOrganisationId)?.role, consortium.status);
	if (opening.ok) return null;
	return opening.code === 'coordinators_only'
		? m.funds_page_new_coordinators_only({ organisation: consortium.coordinatorName })
		: m.fund_err_consortium_not_active();
}

export const load: PageServerLoad = async ({ url, locals }) => {
	requireUser();
	const consortiumId = url.searchParams.get('consortium');
	if (!consortiumId) {
		// Without a consortium: the ones this person's organisations coordinate, to choose from.
		const coordinating = locals.organisations.filter((o) => mayCoordinateFund(o.role).ok);
		const lists = await Promise.all(coordinating.map((o) => coordinatedConsortia(o.id)));
		return { consortium: null, choices: lists.flat(), refusal: null, defaults: {} as Record<string, string> };
	}
	if (!isId(consortiumId)) error(404, m.error_not_found());
	const consortium = await consortiumForFund(consortiumId);
	if (!consortium) error(404, m.error_not_found());
	// Noon in Paris, a month from now: a first deadline for the coordinator to change.
	const inAMonth = new Date(Date.now() + 30 * 86_400_000);
	return {
		consortium: { id: consortium.id, name: consortium.name, coordinatorName: consortium.coordinatorName },
		choices: [],
		refusal: obstacle(consortium, locals.organisations),
		defaults: { kind: 'investment', rule: 'all_or_nothing', deadline: `${toParisInput(inAMonth).slice(0, 10)}T12:00` } as Record<string, string>
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(fundSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values, errors: parsed.errors }));
		const consortium = await consortiumForFund(parsed.data.consortiumId);
		if (!consortium) return refusalFailure(fundRefusalTable, { code: 'not_found' }, { values });
		const refusal = obstacle(consortium, locals.organisations);
		if (refusal) return fail(403, formFailure({ values, message: refusal }));
		const { kind, name, purpose, target, threshold, rule, deadline, capAmount, capShare } = parsed.data;
		const result = await openFund(user, consortium.id, {
			kind,
			name,
			purpose,
			targetCents: target,
			thresholdCents: threshold,
			rule,
			deadline,
			capAmountCents: capAmount,
			capSharePercent: capShare
		});
		if (!result.ok) return refusalFailure(fundRefusalTable, result, { values });
		setFlash(cookies, m.funds_page_opened({ fund: name }));
		redirect(303, `/funds/${result.id}`);
	}
};
