import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

/** A file's size as a reader says it: "1,2 Mo", "35 ko". */
export function fileSize(bytes: number) {
	const locale = getLocale() === 'fr' ? 'fr-FR' : 'en-GB';
	if (bytes >= 1024 * 1024) return m.attach_size_mb({ size: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024) });
	return m.attach_size_kb({ size: String(Math.max(1, Math.round(bytes / 1024))) });
}
