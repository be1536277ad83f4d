import { describe, expect, it } from 'vitest';
import { actionName, formBodyProblem, isPlainActionName, MAX_FORM_FIELD_CHARS } from './request-guard';

const post = (type: string, body: string) => new Request('http://x/login', { method: 'POST', headers: { 'content-type': type }, body });

describe('request guard', () => {
	it('lets plain action names through, not what every object inherits', () => {
		expect(actionName(new URL('http://x/account?/password'))).toBe('password');
		expect(actionName(new URL('http://x/account?q=1'))).toBeNull();
		for (const name of ['password', 'approve-pledge', 'set_role']) expect(isPlainActionName(name), name).toBe(true);
		for (const name of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '../x', 'a b', 'x'.repeat(65)]) {
			expect(isPlainActionName(name), name).toBe(false);
		}
	});

	it('finds malformed multipart bodies', async () => {
		expect(await formBodyProblem(post('multipart/form-data', 'email=a'))).toBe('malformed');
		expect(await formBodyProblem(post('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'))).toBe('malformed');
		expect(await formBodyProblem(post('multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--B--\r\n'))).toBeNull();
	});

	it('finds a field longer than any form has, and keeps the body for the action', async () => {
		const request = post('application/x-www-form-urlencoded', `password=${'a'.repeat(MAX_FORM_FIELD_CHARS + 1)}`);
		expect(await formBodyProblem(request)).toBe('too_large');
		const fine = post('application/x-www-form-urlencoded', 'email=a%40b.fr');
		expect(await formBodyProblem(fine)).toBeNull();
		expect((await fine.formData()).get('email')).toBe('a@b.fr');
	});
});
