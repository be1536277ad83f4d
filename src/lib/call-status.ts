// The badge of a call, from its status AND its dates: an open call not yet at its opening date says when it opens.
import { callPhase, type CallStatus } from '$lib/domain/calls';
import { callStatusLabel, formatDate } from '$lib/labels';
import * as m from '$lib/paraglide/messages';

export interface CallBadge {
	label: string;
	tone: 'neutral' | 'success' | 'warning';
}

export function callBadge(call: { status: CallStatus; opensAt: Date | string }, now = new Date()): CallBadge {
	const opensAt = new Date(call.opensAt);
	const phase = callPhase(call.status, opensAt, now);
	if (phase === 'upcoming') return { label: m.call_status_upcoming({ date: formatDate(opensAt) }), tone: 'neutral' };
	return { label: callStatusLabel(call.status), tone: call.status === 'open' ? 'success' : call.status === 'draft' ? 'warning' : 'neutral' };
}
