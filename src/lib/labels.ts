import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { formatEuros } from '$lib/domain/money';

// Words for the codes the database stores, in the reader's language.

type Options = { locale?: Locale };

export function roleLabel(role: string, locale: Locale = getLocale()): string {
	const o: Options = { locale };
	switch (role) {
		case 'admin':
			return m.role_admin({}, o);
		case 'signatory':
			return m.role_signatory({}, o);
		default:
			return m.role_member({}, o);
	}
}

export function kindLabel(kind: string): string {
	switch (kind) {
		case 'city':
			return m.kind_city();
		case 'intercommunality':
			return m.kind_intercommunality();
		case 'startup':
			return m.kind_startup();
		default:
			return m.kind_partner();
	}
}

export function verificationLabel(status: string): string {
	switch (status) {
		case 'verified':
			return m.status_verified();
		case 'rejected':
			return m.status_rejected();
		default:
			return m.status_unverified();
	}
}

export function formatDate(date: Date | string | number, style: 'date' | 'datetime' = 'date'): string {
	const options: Intl.DateTimeFormatOptions =
		style === 'date' ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' };
	return new Intl.DateTimeFormat(getLocale() === 'fr' ? 'fr-FR' : 'en-GB', {
		...options,
		timeZone: 'Europe/Paris'
	}).format(new Date(date));
}

export function formatNumber(value: number): string {
	return new Intl.NumberFormat(getLocale() === 'fr' ? 'fr-FR' : 'en-GB').format(value);
}

export function themeLabel(theme: string): string {
	const labels: Record<string, () => string> = {
		digital_inclusion: m.theme_digital_inclusion,
		town_centre_commerce: m.theme_town_centre_commerce,
		education: m.theme_education,
		mobility: m.theme_mobility,
		energy_environment: m.theme_energy_environment,
		public_services: m.theme_public_services,
		urban_data: m.theme_urban_data,
		health: m.theme_health,
		safety: m.theme_safety
	};
	return (labels[theme] ?? m.theme_other)();
}

export function projectStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.project_status_draft,
		published: m.project_status_published,
		consortium_formed: m.project_status_consortium_formed,
		funded: m.project_status_funded,
		in_progress: m.project_status_in_progress,
		completed: m.project_status_completed,
		abandoned: m.project_status_abandoned
	};
	return (labels[status] ?? m.project_status_draft)();
}

/** Cents in the reader's language; whole euros unless asked otherwise. */
export function formatMoney(cents: number, fractionDigits = 0): string {
	return formatEuros(cents, getLocale(), fractionDigits);
}

export function callStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.call_status_draft,
		open: m.call_status_open,
		closed: m.call_status_closed,
		evaluating: m.call_status_evaluating,
		decided: m.call_status_decided,
		experimenting: m.call_status_experimenting,
		evaluated: m.call_status_evaluated
	};
	return (labels[status] ?? m.call_status_draft)();
}

export function legalFrameLabel(frame: string): string {
	return frame === 'innovative_purchase' ? m.legal_frame_innovative_purchase() : m.legal_frame_experimentation_convention();
}

export function responseStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.response_status_draft,
		submitted: m.response_status_submitted,
		withdrawn: m.response_status_withdrawn,
		shortlisted: m.response_status_shortlisted,
		rejected: m.response_status_rejected,
		selected: m.response_status_selected
	};
	return (labels[status] ?? m.response_status_draft)();
}
