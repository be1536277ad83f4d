import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '$lib/domain/password';

const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_email_required()),
	v.maxLength(254, () => m.err_email_invalid()),
	v.email(() => m.err_email_invalid())
);

const newPassword = v.pipe(
	v.string(),
	v.minGraphemes(PASSWORD_MIN_LENGTH, () => m.err_password_short({ min: String(PASSWORD_MIN_LENGTH) })),
	v.maxLength(PASSWORD_MAX_LENGTH, () => m.err_password_long({ max: String(PASSWORD_MAX_LENGTH) }))
);

const name = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_name_required()),
	v.maxLength(120, () => m.err_too_long({ max: '120' }))
);

export const signUpSchema = v.pipe(
	v.object({ name, email, password: newPassword }),
	v.forward(
		v.check((input) => input.password.trim().toLowerCase() !== input.email.toLowerCase(), () => m.err_password_is_email()),
		['password']
	)
);

export const signInSchema = v.object({
	email,
	password: v.pipe(v.string(), v.nonEmpty(() => m.err_password_required()), v.maxLength(PASSWORD_MAX_LENGTH, () => m.err_signin_invalid()))
});

export const resetRequestSchema = v.object({ email });

export const resetPasswordSchema = v.object({ password: newPassword });

export const changeNameSchema = v.object({ name });

export const changePasswordSchema = v.object({
	currentPassword: v.pipe(v.string(), v.nonEmpty(() => m.err_password_required())),
	password: newPassword
});

export const preferencesSchema = v.object({
	notificationDelivery: v.picklist(['immediate', 'daily', 'never'], () => m.err_choice())
});
