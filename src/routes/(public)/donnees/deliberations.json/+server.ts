import type { RequestHandler } from './$types';
import { deliberations, deliberationsJson } from '$lib/server/opendata/deliberations';
import { jsonFile } from '$lib/server/opendata/http';

// Every délibération recorded on the platform, as JSON.
export const GET: RequestHandler = async ({ url }) => jsonFile(deliberationsJson(await deliberations(), url.origin));
