// Building an Intl formatter costs tens of microseconds (it loads locale data); using one costs about
// a microsecond. Pages format hundreds of amounts and dates, so formatters are built once per locale
// and options, then reused. Options are few and fixed in the code, so the caches stay small.

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** The BCP 47 tag the platform formats in for one of its languages. */
export function intlTag(locale: string): string {
	return locale === 'fr' ? 'fr-FR' : locale === 'en' ? 'en-GB' : locale;
}

// Callers that pass the same options object (a constant) skip serialising it.
const optionKeys = new WeakMap<object, string>();

function cached<F, O extends object>(cache: Map<string, F>, make: (tag: string, options?: O) => F, tag: string, options?: O): F {
	let optionKey = '';
	if (options) {
		optionKey = optionKeys.get(options) ?? JSON.stringify(options);
		optionKeys.set(options, optionKey);
	}
	const key = `${tag}|${optionKey}`;
	let formatter = cache.get(key);
	if (!formatter) {
		formatter = make(tag, options);
		cache.set(key, formatter);
	}
	return formatter;
}

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
	return cached(numberFormats, (t, o) => new Intl.NumberFormat(t, o), intlTag(locale), options);
}

export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	return cached(dateFormats, (t, o) => new Intl.DateTimeFormat(t, o), intlTag(locale), options);
}

export function relativeTimeFormat(locale: string, options?: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
	return cached(relativeFormats, (t, o) => new Intl.RelativeTimeFormat(t, o), intlTag(locale), options);
}

/** Plural rules of the language itself ("fr", "en"), as paraglide's locales are. */
export function pluralRulesOf(locale: string): Intl.PluralRules {
	return cached(pluralRules, (t) => new Intl.PluralRules(t), locale);
}

/** "1 fund", "3 funds": for the English lines of command-line tools, which have no message catalogue. */
export function countOf(n: number, one: string, other: string): string {
	return `${n} ${pluralRulesOf('en').select(n) === 'one' ? one : other}`;
}
