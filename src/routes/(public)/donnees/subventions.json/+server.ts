import type { RequestHandler } from './$types';
import { subsidyFile } from '$lib/server/opendata/http';

// Every subsidy the platform's funds paid, in SCDL subventions 2.1.1.
export const GET: RequestHandler = () => subsidyFile(null, 'json', 'subventions-entente');
