import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';

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
