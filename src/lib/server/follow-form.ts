import { fail, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from './auth/guards';
import { isFollowing, setFollowing } from './follows/follows';
import { formFailure } from '$lib/schemas/parse';
import type { FollowableType } from '$lib/domain/follows';
import * as m from '$lib/paraglide/messages';

// The "Suivre" form of a public page, one for every followable object: the page's load asks whether the
// person follows it, its `follow` action starts or stops following (setFollowing refuses drafts).

const said = {
	project: { started: m.follow_project_started, stopped: m.follow_project_stopped },
	call: { started: m.follow_started, stopped: m.follow_stopped },
	consortium: { started: m.follow_consortium_started, stopped: m.follow_consortium_stopped },
	fund: { started: m.follow_fund_started, stopped: m.follow_fund_stopped }
} satisfies Record<FollowableType, { started: () => string; stopped: () => string }>;

/** Whether the signed-in person follows the object (false for a visitor). */
export function followingOf(user: { id: string } | null, type: FollowableType, objectId: string) {
	return user ? isFollowing(user.id, type, objectId) : Promise.resolve(false);
}

/** The page's `follow` action for objects of `type`, the id taken from the route's `id`. */
export function followAction(type: FollowableType) {
	return async ({ params, request }: RequestEvent<{ id: string }>) => {
		const { user } = requireUser();
		const following = (await request.formData()).get('following') === 'yes';
		const result = await setFollowing(user, type, params.id, following);
		if (!result.ok) return fail(404, formFailure({ form: 'follow', message: m.error_not_found() }));
		return { form: 'follow', success: following ? said[type].started() : said[type].stopped() };
	};
}
