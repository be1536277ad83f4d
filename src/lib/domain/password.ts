export const PASSWORD_MIN_LENGTH = 10;
// argon2 hashes whatever it is given; a bound keeps one request from costing seconds.
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_email';

/** The password policy: length first (what NIST SP 800-63B recommends), and not the email itself. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'same_as_email';
	return null;
}
