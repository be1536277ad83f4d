// A bare SvelteKit page built with the same versions as Entente and served by the same adapter: the
// ceiling any server-rendered page can reach on the machine, measured beside each route in the bench.
// Built into .build/ (a dot folder: the project's type check does not read it).
import adapter from '@sveltejs/adapter-node';

export default { kit: { adapter: adapter({ precompress: true, out: '.build' }) } };
