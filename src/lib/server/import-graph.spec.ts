import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Each folder of src/lib/server is an aggregate (or a service below them). A cycle between two folders means neither
// can be read, tested or split without the other, so the folders must form a layered graph. Type-only imports
// count: a shared type is a shared dependency.
const SERVER = dirname(fileURLToPath(import.meta.url));
const LIB = dirname(SERVER);

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(ts|js)$/.test(entry.name) && !/\.(spec|test)\.ts$/.test(entry.name) ? [path] : [];
	});
}

/** Every module specifier of a file: static imports and re-exports (`… from '…'`, `import '…'`) and `import('…')`. */
export function specifiers(source: string): string[] {
	const found = source.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g);
	return [...found].map((m) => m[1] ?? m[2]);
}

/** The aggregate folder a specifier of `file` points into, or null when it points outside src/lib/server/<folder>/. */
function aggregateOf(file: string, specifier: string): string | null {
	let target: string;
	if (specifier.startsWith('.')) target = resolve(dirname(file), specifier);
	else if (specifier.startsWith('$lib/')) target = join(LIB, specifier.slice('$lib/'.length));
	else return null;
	const inside = relative(SERVER, target).split(sep);
	return inside.length > 1 && inside[0] !== '..' ? inside[0] : null;
}

/** Folder → the folders it imports, with one file per edge to say where. */
export function folderGraph(): Map<string, Map<string, string>> {
	const graph = new Map<string, Map<string, string>>();
	for (const file of sourceFiles(SERVER)) {
		const from = relative(SERVER, file).split(sep);
		if (from.length < 2) continue; // files directly in src/lib/server sit above every aggregate
		const edges = graph.get(from[0]) ?? new Map<string, string>();
		graph.set(from[0], edges);
		for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
			const to = aggregateOf(file, specifier);
			if (to && to !== from[0] && !edges.has(to)) edges.set(to, relative(SERVER, file));
		}
	}
	return graph;
}

/** The folders `from` imports, directly or through others. */
function reachableFrom(graph: Map<string, Map<string, string>>, from: string) {
	const seen = new Set<string>();
	const walk = (node: string) => [...(graph.get(node)?.keys() ?? [])].forEach((next) => seen.has(next) || (seen.add(next), walk(next)));
	walk(from);
	return seen;
}

/** One cycle per group of folders that reach each other (a strongly connected group), found from its first folder. */
export function cycles(graph: Map<string, Map<string, string>>): string[][] {
	const nexts = (node: string) => [...(graph.get(node)?.keys() ?? [])].sort();
	const reachable = new Map([...graph.keys()].map((node) => [node, reachableFrom(graph, node)]));
	const found: string[][] = [];
	const grouped = new Set<string>();
	for (const start of [...graph.keys()].sort()) {
		if (grouped.has(start) || !reachable.get(start)!.has(start)) continue;
		const group = new Set([...reachable.get(start)!].filter((node) => reachable.get(node)?.has(start)));
		group.forEach((node) => grouped.add(node));
		// Breadth-first inside the group: the shortest way from `start` back to itself.
		const cameFrom = new Map<string, string>();
		const queue = [start];
		while (!cameFrom.has(start)) {
			const node = queue.shift()!;
			for (const next of nexts(node).filter((n) => group.has(n) && !cameFrom.has(n))) {
				cameFrom.set(next, node);
				queue.push(next);
			}
		}
		const cycle = [start];
		for (let node = cameFrom.get(start)!; node !== start; node = cameFrom.get(node)!) cycle.splice(1, 0, node);
		found.push(cycle);
	}
	return found;
}

/**
 * The imports that still sit on a cycle. The knot through `auth`, `http`, `organisations`, `calls`, `alerts`,
 * `projects`, `partners` and `api` is untied (#14): `authenticate` moved up to `locals.ts`, the upload store down to
 * `uploads/`, `RequestMeta` into `http`, `Outcome` imported from `shared/`, the public vocabularies into
 * `src/lib/domain`, saved-search alerts asked of `notifications/search-alerts` by the publishing aggregate, and a
 * project's links read in `projects/links`. The last, `stripe` ↔ `funds`, too: funds ask for an invoice through the
 * port `shared/invoicing`, which the Stripe adapter provides. No cycle remains, and none may come back.
 */
const KNOWN_KNOT: string[] = [];

describe('imports between the folders of src/lib/server', () => {
	it('finds the specifiers of every kind of import', () => {
		const source = `import { a } from '../funds/commands';\nimport type { B } from "$lib/server/db";\nexport { c } from './c';\nimport './side-effect';\nconst d = await import('../organisations/queries');`;
		expect(specifiers(source)).toEqual(['../funds/commands', '$lib/server/db', './c', './side-effect', '../organisations/queries']);
	});

	it('names a cycle through three folders', () => {
		const graph = new Map([
			['consortia', new Map([['funds', 'consortia/commands.ts']])],
			['funds', new Map([['organisations', 'funds/commands.ts']])],
			['organisations', new Map([['consortia', 'organisations/commands.ts']])],
			['db', new Map()]
		]);
		expect(cycles(graph)).toEqual([['consortia', 'funds', 'organisations']]);
		graph.set('jobs', new Map([['mail', 'jobs/workers.ts']]));
		graph.set('mail', new Map([['jobs', 'mail/outbox.ts']]));
		expect(cycles(graph)).toEqual([
			['consortia', 'funds', 'organisations'],
			['jobs', 'mail']
		]);
		graph.get('mail')!.delete('jobs');
		graph.get('organisations')!.delete('consortia');
		expect(cycles(graph)).toEqual([]);
	});

	it('has no cycle between organisations, consortia and funds', () => {
		const graph = folderGraph();
		expect(graph.get('funds')?.has('db')).toBe(true); // the graph is really read from the sources
		const three = ['consortia', 'funds', 'organisations'];
		const sub = new Map(three.map((folder) => [folder, new Map([...graph.get(folder)!].filter(([to]) => three.includes(to)))]));
		expect(cycles(sub).map((cycle) => spelled(sub, cycle))).toEqual([]);
	});

	it('grows the remaining knot by no import', () => {
		// Still to untangle: `stripe` ↔ `funds` (the webhook settles pledges, funds create invoices). An import
		// listed here that disappears is progress; a new one in a cycle fails.
		const known = new Set(KNOWN_KNOT);
		const graph = folderGraph();
		const reach = new Map([...graph.keys()].map((folder) => [folder, reachableFrom(graph, folder)]));
		const inCycles = [...graph].flatMap(([from, edges]) =>
			[...edges].filter(([to]) => reach.get(to)?.has(from)).map(([to, file]) => ({ edge: `${from} → ${to}`, file }))
		);
		expect(inCycles.filter(({ edge }) => !known.has(edge))).toEqual([]);
	});
});

function spelled(graph: Map<string, Map<string, string>>, cycle: string[]) {
	return cycle.map((folder, i) => `${folder} → ${cycle[(i + 1) % cycle.length]} (${graph.get(folder)!.get(cycle[(i + 1) % cycle.length])})`).join(', ');
}
