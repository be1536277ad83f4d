import type { ParamMatcher } from '@sveltejs/kit';
import { isLocale, type Locale } from '$lib/paraglide/runtime';

export const match = ((param: string): param is Locale => isLocale(param)) satisfies ParamMatcher;
