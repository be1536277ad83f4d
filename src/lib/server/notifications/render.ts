import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { roleLabel } from '$lib/labels';

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
		m.notif_project_coproposal_declined(p as { organisation: string; project: string }, o)
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
