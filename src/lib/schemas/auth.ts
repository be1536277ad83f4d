import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { visibleCharacters } from './fields';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, type PasswordProblem } from '$lib/domain/password';

const email = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_email_required()),
	v.maxLength(254, () => m.err_email_invalid()),
	v.email(() => m.err_email_invalid())
);

const passwordMessages = {
	too_short: () => m.err_password_short({ min: String(PASSWORD_MIN_LENGTH) }),
	too_long: () => m.err_password_long({ max: String(PASSWORD_MAX_LENGTH) }),
	control_characters: () => m.sec_password_control(),
	same_as_email: () => m.err_password_is_email(),
	common: () => m.sec_password_common(),
	predictable: () => m.sec_password_predictable()
} satisfies Record<PasswordProblem, () => string>;

// One check, the domain's: it bounds the length before any per-character work. (valibot runs every
// validation of a pipe even after one failed, so a maxLength before minGraphemes would not stop the
// grapheme count of a megabyte.)
const newPassword = v.pipe(
	v.string(),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = passwordProblem(dataset.value);
		if (problem) addIssue({ message: passwordMessages[problem]() });
	})
);

/** A password typed to prove who one is: bounded, never counted character by character. */
const typedPassword = (wrong: () => string) =>
	v.pipe(
		v.string(),
		v.nonEmpty(() => m.err_password_required()),
		v.maxLength(PASSWORD_MAX_LENGTH, wrong)
	);

const name = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty(() => m.err_name_required()),
	v.maxLength(120, () => m.err_too_long({ max: '120' })),
	visibleCharacters
);

export const signUpSchema = v.pipe(
	v.object({ name, email, password: newPassword }),
	v.forward(
		v.check(
			(input) => input.password.trim().toLowerCase() !== input.email.toLowerCase(),
			() => m.err_password_is_email()
		),
		['password']
	)
);

export const signInSchema = v.object({
	email,
	password: typedPassword(() => m.err_signin_invalid())
});

export const resetRequestSchema = v.object({ email });

export const resetPasswordSchema = v.object({ password: newPassword });

export const changeNameSchema = v.object({ name });

export const changePasswordSchema = v.object({
	currentPassword: typedPassword(() => m.err_current_password()),
	password: newPassword
});

export const preferencesSchema = v.object({
	notificationDelivery: v.picklist(['immediate', 'daily', 'never'], () => m.err_choice())
});
