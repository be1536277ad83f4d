import type { RequestEvent } from '@sveltejs/kit';

/** Where a request came from, recorded with a sign-in or a session (the address and the browser). */
export interface RequestMeta {
	ipAddress: string | null;
	userAgent: string | null;
}

export function requestMeta(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): RequestMeta {
	let ipAddress: string | null;
	try {
		ipAddress = event.getClientAddress();
	} catch {
		ipAddress = null;
	}
	return { ipAddress, userAgent: event.request.headers.get('user-agent') };
}
