import * as m from '$lib/paraglide/messages';
import type { ProfileRefusal } from './profiles';

const messages = {
	not_found: () => m.error_not_found(),
	forbidden: () => m.error_forbidden(),
	logo_too_large: () => m.profile_err_logo_size(),
	logo_not_image: () => m.profile_err_logo_type()
} satisfies Record<ProfileRefusal, () => string>;

export function profileRefusal(code: string): string {
	return (messages as Record<string, () => string>)[code]?.() ?? m.error_forbidden();
}
