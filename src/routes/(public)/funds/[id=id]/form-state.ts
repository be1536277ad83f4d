/** What a refused form action of this page returns: which form, its message, its field errors, what was typed. */
export interface FormState {
	form?: string;
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}
