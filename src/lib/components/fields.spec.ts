import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { fieldsFor, fieldsOf } from '$lib/form-state';
import Field from './field.svelte';
import PasswordField from './password-field.svelte';
import PdfField from './pdf-field.svelte';
import SelectField from './select-field.svelte';

// What a screen reader and the e2e tests rely on: each control is named by its label and described by
// its hint and its error through ids, marked invalid only when the server refused it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each field's own props are checked at its call below
const html = <P extends Record<string, any>>(component: Component<P>, props: P) => render(component, { props }).body.replace(/<!--[^>]*-->/g, '');

describe('form fields', () => {
	it('ties a text field to its hint and its error and keeps what was typed', () => {
		const out = html(Field, { name: 'title', label: 'Titre', hint: 'Court', error: 'Trop long', value: 'Mon projet', required: true, maxlength: 150 });
		expect(out).toContain('<label for="field-title"');
		expect(out).toMatch(/<p id="field-title-hint"[^>]*>Court<\/p>/);
		expect(out).toMatch(/<p id="field-title-error"[^>]*>Trop long<\/p>/);
		const input = out.match(/<input[^>]*>/)![0];
		expect(input).toContain('aria-describedby="field-title-hint field-title-error"');
		expect(input).toContain('aria-invalid="true"');
		expect(input).toContain('value="Mon projet"');
		expect(input).toContain('required');
		expect(input).toContain('maxlength="150"');
	});

	it('says nothing of an error there is not, and a multiline field is a textarea', () => {
		const out = html(Field, { name: 'note', id: 'note-1', label: 'Note', multiline: true, value: 'a < b' });
		const textarea = out.match(/<textarea[^>]*>/)![0];
		expect(textarea).toContain('id="note-1"');
		expect(textarea).not.toContain('aria-invalid');
		expect(textarea).not.toContain('aria-describedby');
		expect(out).toContain('a &lt; b</textarea>');
		expect(out).not.toContain('note-1-error');
	});

	it('never renders a password back', () => {
		// What a page could hand it by mistake: a value the component does not even take.
		const handed = { autocomplete: 'new-password' as const, label: 'Mot de passe', error: 'Trop court', value: 'secret' };
		const out = html(PasswordField, handed);
		expect(out).not.toContain('secret');
		const input = out.match(/<input[^>]*>/)![0];
		expect(input).toContain('type="password"');
		expect(input).toContain('autocomplete="new-password"');
		expect(input).toContain('aria-describedby="field-password-error"');
	});

	it('selects the options a multiple select was sent back with, joined by commas', () => {
		const options = [
			{ value: '75', label: 'Paris' },
			{ value: '69', label: 'Rhône' },
			{ value: '13', label: 'Bouches-du-Rhône' }
		];
		const out = html(SelectField, { name: 'departements', label: 'Départements', options, multiple: true, value: '75,13', hint: 'Plusieurs' });
		expect(out).toMatch(/<option value="75" selected[^>]*>Paris/);
		expect(out).toMatch(/<option value="69"(?! selected)[^>]*>Rhône/);
		expect(out).toMatch(/<option value="13" selected[^>]*>Bouches/);
		expect(out.match(/<select[^>]*>/)![0]).toContain('aria-describedby="field-departements-hint"');
	});

	it('puts the placeholder first and marks a refused select invalid', () => {
		const out = html(SelectField, {
			name: 'theme',
			label: 'Thème',
			options: [{ value: 'mobility', label: 'Mobilité' }],
			placeholder: 'Choisir',
			error: 'Requis'
		});
		expect(out.indexOf('<option value="">Choisir</option>')).toBeLessThan(out.indexOf('Mobilité'));
		const select = out.match(/<select[^>]*>/)![0];
		expect(select).toContain('aria-invalid="true"');
		expect(select).toContain('aria-describedby="field-theme-error"');
	});

	it('a PDF field is required only when asked', () => {
		expect(html(PdfField, { id: 'x-evidence', name: 'evidence', label: 'Acte', hint: 'PDF', required: true }).match(/<input[^>]*>/)![0]).toContain('required');
		expect(html(PdfField, { id: 'doc', name: 'document', label: 'Acte', hint: 'PDF' }).match(/<input[^>]*>/)![0]).not.toContain('required');
	});
});

describe('fieldsOf and fieldsFor', () => {
	it('bind a field to what the answer holds under its name', () => {
		expect(fieldsOf({ title: 'T' }, { title: 'Trop long' })('title')).toEqual({ name: 'title', value: 'T', error: 'Trop long' });
		expect(fieldsOf(undefined, null)('title')).toEqual({ name: 'title', value: undefined, error: undefined });
	});

	it('show the answer to one form only in that form', () => {
		const answer = { form: 'invite', values: { email: 'a@b.fr' }, errors: { email: 'Inconnu' } };
		expect(fieldsFor(answer, 'invite')('email').error).toBe('Inconnu');
		expect(fieldsFor(answer, 'signatory')('email')).toEqual({ name: 'email', value: undefined, error: undefined });
	});
});
