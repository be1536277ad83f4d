import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { roleLabel } from '$lib/labels';

function formatInstant(iso: string, locale: Locale) {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(date);
}

// Notifications are stored as a type and parameters and worded in the reader's language when shown.

const templates = {
	'organisation.claimed': (p, o) => m.notif_organisation_claimed(p as { organisation: string }, o),
	'organisation.verified': (p, o) => m.notif_organisation_verified(p as { organisation: string }, o),
	'organisation.rejected': (p, o) =>
		m.notif_organisation_rejected(p as { organisation: string; reason: string }, o),
	'membership.joined': (p, o) => m.notif_membership_joined(p as { person: string; organisation: string }, o),
	'membership.role_changed': (p, o) =>
		m.notif_membership_role_changed(
			{ organisation: p.organisation, role: roleLabel(p.role, o.locale) },
			o
		),
	'membership.removed': (p, o) => m.notif_membership_removed(p as { organisation: string }, o),
	'project.coproposal_invited': (p, o) =>
		m.notif_project_coproposal_invited(p as { organisation: string; project: string }, o),
	'project.coproposal_accepted': (p, o) =>
		m.notif_project_coproposal_accepted(p as { organisation: string; project: string }, o),
	'project.coproposal_declined': (p, o) =>
		m.notif_project_coproposal_declined(p as { organisation: string; project: string }, o),
	'call.deadline_extended': (p, o) =>
		m.notif_call_deadline_extended({ call: p.call, date: formatInstant(p.date, o.locale) }, o),
	'call.closed': (p, o) => m.notif_call_closed(p as { call: string }, o),
	'call.decided': (p, o) => m.notif_call_decided(p as { call: string }, o),
	'call.question_asked': (p, o) => m.notif_call_question_asked(p as { call: string }, o),
	'call.question_answered': (p, o) => m.notif_call_question_answered(p as { call: string }, o),
	'call.evaluator_assigned': (p, o) => m.notif_call_evaluator_assigned(p as { call: string }, o),
	'response.shortlisted': (p, o) => m.notif_response_shortlisted(p as { call: string }, o),
	'response.rejected': (p, o) => m.notif_response_rejected(p as { call: string }, o),
	'response.selected': (p, o) => m.notif_response_selected(p as { call: string }, o)
} satisfies Record<string, (params: Record<string, string>, options: { locale: Locale }) => string>;

export type NotificationType = keyof typeof templates;

export interface NotificationEvent {
	type: NotificationType | (string & {});
	params: Record<string, string>;
	link?: string;
}

export function renderNotification(event: NotificationEvent, locale: Locale): string {
	const template = templates[event.type as NotificationType];
	return template ? template(event.params, { locale }) : event.type;
}
