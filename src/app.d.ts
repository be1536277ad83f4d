import type { SessionUser } from '$lib/server/auth/second-factor';
import type { SessionInfo } from '$lib/server/auth/sessions';
import type { Role } from '$lib/domain/roles';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface MembershipSummary {
			id: string;
			slug: string;
			name: string;
			kind: 'city' | 'intercommunality' | 'startup' | 'partner';
			verificationStatus: 'unverified' | 'verified' | 'rejected';
			role: Role;
		}
		interface PageData {
			/** The page's meta description, when it has words of its own (the layout writes the tag). */
			description?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: SessionInfo | null;
			/** Every organisation the user belongs to. */
			organisations: MembershipSummary[];
			/** The one the user acts as now, chosen in the header. */
			actingOrganisation: MembershipSummary | null;
		}
	}
}

export {};
