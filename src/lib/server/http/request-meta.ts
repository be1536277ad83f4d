import type { RequestEvent } from '@sveltejs/kit';
import type { RequestMeta } from '../users/accounts';

export function requestMeta(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): RequestMeta {
	let ipAddress: string | null;
	try {
		ipAddress = event.getClientAddress();
	} catch {
		ipAddress = null;
	}
	return { ipAddress, userAgent: event.request.headers.get('user-agent') };
}
