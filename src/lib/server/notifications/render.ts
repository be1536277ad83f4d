import * as m from '$lib/paraglide/messages';
import { isOneOf } from '../../domain/vocabulary';
import { roles } from '../../domain/roles';
import { projectStatuses } from '../../domain/projects';
import type { Locale } from '$lib/paraglide/runtime';
import { projectStatusLabel, roleLabel } from '$lib/labels';
import { dateTimeFormat } from '$lib/domain/intl';
import { formatEuros } from '$lib/domain/money';
import { auditKindLabel } from '$lib/audit-labels';
import type { MailAttachmentRef } from '../db/schema';

function formatInstant(iso: string, locale: Locale) {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return dateTimeFormat(locale, {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(date);
}

function formatDay(iso: string, locale: Locale) {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(date);
}

// Notifications are stored as a type and parameters and worded in the reader's language when shown.

const templates = {
	'organisation.claimed': (p, o) => m.notif_organisation_claimed(p as { organisation: string }, o),
	'organisation.verified': (p, o) => m.notif_organisation_verified(p as { organisation: string }, o),
	'organisation.rejected': (p, o) => m.notif_organisation_rejected(p as { organisation: string; reason: string }, o),
	'membership.joined': (p, o) => m.notif_membership_joined(p as { person: string; organisation: string }, o),
	'membership.role_changed': (p, o) =>
		m.notif_membership_role_changed({ organisation: p.organisation, role: isOneOf(roles, p.role) ? roleLabel(p.role, o.locale) : p.role }, o),
	'membership.removed': (p, o) => m.notif_membership_removed(p as { organisation: string }, o),
	'project.coproposal_invited': (p, o) => m.notif_project_coproposal_invited(p as { organisation: string; project: string }, o),
	'project.coproposal_accepted': (p, o) => m.notif_project_coproposal_accepted(p as { organisation: string; project: string }, o),
	'project.coproposal_declined': (p, o) => m.notif_project_coproposal_declined(p as { organisation: string; project: string }, o),
	'project.join_requested': (p, o) => m.notif_project_join_requested(p as { organisation: string; project: string }, o),
	'project.replication_declared': (p, o) => m.notif_project_replication_declared(p as { organisation: string; project: string }, o),
	'project.interest_accepted': (p, o) => m.notif_project_interest_accepted(p as { organisation: string; project: string }, o),
	'project.interest_declined': (p, o) => m.notif_project_interest_declined(p as { organisation: string; project: string }, o),
	'project.interest_answered': (p, o) => m.notif_project_interest_answered(p as { organisation: string; project: string }, o),
	'project.status_changed': (p, o) =>
		m.follow_notif_project_status({ project: p.project, status: isOneOf(projectStatuses, p.status) ? projectStatusLabel(p.status, o.locale) : p.status }, o),
	'follow.consortium_step': (p, o) => m.follow_notif_consortium_step({ name: p.name, step: auditKindLabel(p.step, o.locale) }, o),
	'follow.fund_step': (p, o) => m.follow_notif_fund_step({ name: p.name, step: auditKindLabel(p.step, o.locale) }, o),
	'follow.project_step': (p, o) => m.follow_notif_project_step({ name: p.name, step: auditKindLabel(p.step, o.locale) }, o),
	'conversation.message': (p, o) => m.conv_notif_message(p as { organisation: string; subject: string }, o),
	'call.deadline_extended': (p, o) => m.notif_call_deadline_extended({ call: p.call, date: formatInstant(p.date, o.locale) }, o),
	'call.closed': (p, o) => m.notif_call_closed(p as { call: string }, o),
	'call.decided': (p, o) => m.notif_call_decided(p as { call: string }, o),
	'call.question_asked': (p, o) => m.notif_call_question_asked(p as { call: string }, o),
	'call.question_answered': (p, o) => m.notif_call_question_answered(p as { call: string }, o),
	'call.answer_published': (p, o) => m.notif_call_answer_published(p as { call: string }, o),
	'call.documents_changed': (p, o) => m.calldoc_notif_changed(p as { call: string; document: string }, o),
	'call.opened_matching': (p, o) => m.notif_call_opened_matching(p as { call: string; search: string }, o),
	'project.published_matching': (p, o) => m.notif_project_published_matching(p as { project: string; search: string }, o),
	'call.evaluator_assigned': (p, o) => m.notif_call_evaluator_assigned(p as { call: string }, o),
	'response.shortlisted': (p, o) => m.notif_response_shortlisted(p as { call: string }, o),
	'response.rejected': (p, o) => m.notif_response_rejected(p as { call: string }, o),
	'response.selected': (p, o) => m.notif_response_selected(p as { call: string }, o),
	'consortium.invited': (p, o) => m.notif_consortium_invited(p as { consortium: string }, o),
	'consortium.member_accepted': (p, o) => m.notif_consortium_member_accepted(p as { consortium: string; organisation: string }, o),
	'consortium.member_declined': (p, o) => m.notif_consortium_member_declined(p as { consortium: string; organisation: string }, o),
	'consortium.council_approved': (p, o) => m.notif_consortium_council_approved(p as { consortium: string; organisation: string }, o),
	'consortium.member_withdrew': (p, o) => m.notif_consortium_member_withdrew(p as { consortium: string; organisation: string; reason: string }, o),
	'consortium.active': (p, o) => m.notif_consortium_active(p as { consortium: string }, o),
	'consortium.forming': (p, o) => m.notif_consortium_forming(p as { consortium: string }, o),
	'consortium.coordinator_proposed': (p, o) => m.notif_consortium_coordinator_proposed(p as { consortium: string }, o),
	'consortium.coordinator_changed': (p, o) => m.notif_consortium_coordinator_changed(p as { consortium: string }, o),
	'consortium.dissolved': (p, o) => m.notif_consortium_dissolved(p as { consortium: string }, o),
	'fund.opened': (p, o) => m.notif_fund_opened(p as { fund: string; consortium: string }, o),
	'fund.pledge_to_approve': (p, o) => m.notif_fund_pledge_to_approve(p as { fund: string; organisation: string }, o),
	'fund.pledge_approved': (p, o) => m.notif_fund_pledge_approved(p as { fund: string; organisation: string }, o),
	'fund.match_offered': (p, o) => m.notif_fund_match_offered(p as { fund: string; organisation: string }, o),
	'fund.pledge_called': (p, o) => m.notif_fund_pledge_called({ fund: p.fund, date: formatDay(p.date, o.locale) }, o),
	'fund.payment_received': (p, o) => m.notif_fund_payment_received(p as { fund: string }, o),
	'fund.pledge_paid': (p, o) => m.notif_fund_pledge_paid(p as { fund: string }, o),
	'fund.funded': (p, o) => m.notif_fund_funded(p as { fund: string }, o),
	'fund.failed': (p, o) => m.notif_fund_failed(p as { fund: string }, o),
	'fund.disbursement_proposed': (p, o) => m.notif_fund_disbursement_proposed(p as { fund: string }, o),
	'fund.disbursement_approved': (p, o) => m.notif_fund_disbursement_approved(p as { fund: string }, o),
	'fund.disbursement_rejected': (p, o) => m.notif_fund_disbursement_rejected(p as { fund: string }, o),
	'fund.invoice_voided': (p, o) => m.notif_fund_invoice_voided(p as { fund: string }, o),
	'fund.invoice_uncollectible': (p, o) => m.notif_fund_invoice_uncollectible(p as { fund: string }, o),
	'fund.match_to_approve': (p, o) => m.money_notif_match_to_approve(p as { fund: string; organisation: string }, o),
	'fund.account_to_approve': (p, o) => m.iban_notif_to_approve(p as { fund: string }, o),
	'fund.account_approved': (p, o) => m.iban_notif_approved(p as { fund: string; iban: string }, o),
	'fund.refund_owed': (p, o) => m.money_notif_refund_owed({ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.dispute_opened': (p, o) => m.money_notif_dispute_opened({ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.dispute_won': (p, o) => m.money_notif_dispute_won({ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.dispute_lost': (p, o) => m.money_notif_dispute_lost({ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.deficit': (p, o) => m.money_notif_deficit({ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.unapplied_received': (p, o) =>
		m.money_notif_unapplied({ fund: p.fund, organisation: p.organisation, amount: formatEuros(Number(p.amountCents), o.locale) }, o),
	'fund.refund_made': (p, o) =>
		m.money_notif_refund_made(
			{ fund: p.fund, amount: formatEuros(Number(p.amountCents), o.locale), date: formatDay(p.date, o.locale), reference: p.reference },
			o
		)
} satisfies Record<string, (params: Record<string, string>, options: { locale: Locale }) => string>;

export type NotificationType = keyof typeof templates;

export interface NotificationEvent {
	type: NotificationType | (string & {});
	params: Record<string, string>;
	link?: string;
	/** Files its email carries (an avis de paiement…), rendered in each recipient's language when the email goes. */
	attachments?: Omit<MailAttachmentRef, 'locale'>[];
	/** What its email says beyond the notification's one line (a call's amount, account and reference), in each recipient's language. */
	mailDetails?: (locale: Locale) => string;
}

export function renderNotification(event: NotificationEvent, locale: Locale): string {
	const template = templates[event.type as NotificationType];
	return template ? template(event.params, { locale }) : event.type;
}
