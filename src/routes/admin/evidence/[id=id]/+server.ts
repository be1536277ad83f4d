import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { evidenceFile } from '$lib/server/organisations/evidence';
import { pdfDownload } from '$lib/server/http/pdf';
import * as m from '$lib/paraglide/messages';

// An act filed with a claim or a signatory role: platform administrators only, never cached.
export const GET: RequestHandler = async ({ params }) => {
	requirePlatformAdmin();
	requireSecondFactor();
	const found = await evidenceFile(params.id);
	if (!found) error(404, m.error_not_found());
	return pdfDownload(found.file, found.name, 'private, no-store');
};
