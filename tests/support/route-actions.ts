// The form actions of a +page.server.ts, read from its source: the keys written in `export const
// actions = { … }` and, for each `...spread`, the keys of the object it spreads, followed through its
// import to the file that declares it (e.g. the project page's `...rapprochementActions`). A line this
// reader does not understand throws, so an action cannot hide behind a new way of writing it, and
// tests/integration/route-actions.test.ts checks that it finds exactly the actions SvelteKit sees (the
// modules' own `actions` objects).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file an import specifier of `fromFile` names (`./x`, `../x`, `$lib/x`). */
function resolveImport(fromFile: string, specifier: string) {
	const base = specifier.startsWith('$lib/')
		? join('src/lib', specifier.slice('$lib/'.length))
		: specifier.startsWith('.')
			? resolve(dirname(fromFile), specifier)
			: null;
	if (!base) throw new Error(`${fromFile}: cannot follow the import of actions from '${specifier}'`);
	const found = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
	if (!found) throw new Error(`${fromFile}: no file for the import '${specifier}'`);
	return found;
}

/** The keys of the object literal declared as `name` in `file`, or imported there under that name. */
function objectKeys(file: string, name: string, seen: Set<string>): string[] {
	const marker = `${file}#${name}`;
	if (seen.has(marker)) throw new Error(`${file}: actions spread in a cycle through ${name}`);
	seen.add(marker);
	const source = readFileSync(file, 'utf8');
	const start = new RegExp(`^(?:export )?const ${name}\\b[^=]*=\\s*\\{\\s*$`, 'm').exec(source);
	if (!start) {
		const imported = new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'([^']+)'`).exec(source);
		if (imported) return objectKeys(resolveImport(file, imported[1]), name, seen);
		throw new Error(`${file}: no \`const ${name} = {\` to read actions from`);
	}
	const keys: string[] = [];
	for (const line of source.slice(start.index + start[0].length).split('\n')) {
		if (/^\}/.test(line)) return keys;
		// Only the object's own level (one tab, as Prettier writes it) names actions.
		if (!/^\t\S/.test(line)) continue;
		const body = line.slice(1);
		// Comments, and the closing of the previous action's body.
		if (/^(\/\/|\/\*|\*|[)}\]])/.test(body)) continue;
		const key = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?::|\()/.exec(body) ?? /^'([^']+)'\s*:/.exec(body);
		const shorthand = /^([A-Za-z_$][\w$]*),?$/.exec(body);
		const spread = /^\.\.\.([A-Za-z_$][\w$]*),?$/.exec(body);
		if (key) keys.push(key[1]);
		else if (shorthand) keys.push(shorthand[1]);
		else if (spread) keys.push(...objectKeys(file, spread[1], seen));
		else throw new Error(`${file}: cannot read this line of ${name}: ${line.trim()}`);
	}
	throw new Error(`${file}: ${name} has no closing brace`);
}

/** The form actions a +page.server.ts exports; [] when it has none (or there is no such file). */
export function actionsOf(pageServerFile: string): string[] {
	if (!existsSync(pageServerFile)) return [];
	const source = readFileSync(pageServerFile, 'utf8');
	if (/^export\s*\{[^}]*\bactions\b/m.test(source)) throw new Error(`${pageServerFile}: actions re-exported; the reader cannot follow this form`);
	if (!/^export const actions\b/m.test(source)) return [];
	return objectKeys(pageServerFile, 'actions', new Set());
}
