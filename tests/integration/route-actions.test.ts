import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsOf } from '../support/route-actions';

// The authorization matrix (tests/e2e/authorization-matrix.e2e.ts) reads each page's form actions from
// the source, spreads included: here, what that reader finds is checked against what SvelteKit sees, the
// `actions` object each +page.server.ts module exports once imported. An action the reader missed (a new
// way of adding one) fails here, so the matrix cannot leave it unchecked.

const modules = import.meta.glob('../../src/routes/**/+page.server.ts');

describe('form actions read from the source', () => {
	it('are exactly the actions of every imported route module, spread ones included', async () => {
		const files = Object.keys(modules);
		expect(files.length).toBeGreaterThan(30);
		let spread = 0;
		for (const [file, load] of Object.entries(modules)) {
			const imported = Object.keys(((await load()) as { actions?: object }).actions ?? {}).sort();
			const read = actionsOf(file.replace('../../', '')).sort();
			expect(read, file).toEqual(imported);
			if (/^export const actions[^]*^\t\.\.\./m.test(readFileSync(file.replace('../../', ''), 'utf8'))) spread++;
		}
		// The project page spreads its rapprochement actions in: the case the matrix missed before.
		expect(spread).toBeGreaterThan(0);
		expect(actionsOf('src/routes/(public)/projects/[id=id]/+page.server.ts')).toEqual(
			expect.arrayContaining(['interest', 'answerInterest', 'replicate', 'withdrawInterest'])
		);
	}, 120_000);

	it('refuses to guess: a line it cannot read throws', () => {
		const dir = mkdtempSync(join(tmpdir(), 'route-actions-'));
		const file = join(dir, '+page.server.ts');
		writeFileSync(file, 'export const actions = {\n\tsave: async () => {},\n\t[computed]: async () => {}\n};\n');
		expect(() => actionsOf(file)).toThrow(/cannot read this line/);
		writeFileSync(file, "import { more } from './elsewhere';\nexport const actions = {\n\t...more\n};\n");
		expect(() => actionsOf(file)).toThrow(/no file for the import/);
		writeFileSync(join(dir, 'extra.ts'), 'export const more = {\n\tone: async () => {},\n\ttwo() {}\n};\n');
		writeFileSync(file, "import { more } from './extra';\nexport const actions = {\n\tsave: async () => {},\n\t...more\n};\n");
		expect(actionsOf(file)).toEqual(['save', 'one', 'two']);
	});
});
