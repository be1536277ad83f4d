/** What a form action of this page returns: a success message, or the refusal with its field errors. */
export interface FormState {
	form?: string;
	success?: string;
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}
