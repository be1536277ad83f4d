import type { PageServerLoad } from './$types';
import { listVerifiedOrganisations } from '$lib/server/organisations/queries';

const kinds = ['city', 'intercommunality', 'startup', 'partner'] as const;

export const load: PageServerLoad = async ({ url }) => {
	const requested = url.searchParams.get('kind');
	const kind = kinds.find((k) => k === requested);
	return { kind: kind ?? null, organisations: await listVerifiedOrganisations(kind) };
};
