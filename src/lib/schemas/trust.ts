import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';

export const totpCodeSchema = v.object({
	code: v.pipe(
		v.string(),
		v.transform((s) => s.replace(/\s/g, '').slice(0, 20)),
		v.regex(/^\d{6}$/, () => m.trust_err_code_format())
	)
});

export const recoveryCodeSchema = v.object({
	recoveryCode: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.trust_err_recovery_required()),
		v.maxLength(64, () => m.trust_err_recovery_invalid())
	)
});

export const enrolSchema = v.object({
	key: v.pipe(v.string(), v.maxLength(64)),
	code: totpCodeSchema.entries.code
});

/** The person's function, as a claim or a signatory role states it. */
export const evidenceFunction = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.trust_err_function_required()),
	v.maxLength(200, () => m.err_too_long({ max: '200' }))
);

export const domainSchema = v.object({
	organisationId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64)),
	domain: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.trust_err_domain_invalid()),
		v.maxLength(300, () => m.trust_err_domain_invalid())
	)
});

/** Turning the second factor off: a code from the authenticator now, or an unused recovery code. */
export const disableSchema = v.object({
	code: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.trust_disable_err_required()),
		v.maxLength(64, () => m.trust_err_code_invalid())
	)
});

/** A six-digit code from the authenticator, as typed (spaces allowed); anything else is a recovery code. */
export const isAuthenticatorCode = (typed: string) => /^\d{6}$/.test(typed.replace(/\s/g, ''));
