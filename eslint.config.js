import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
	{
		// Generated or vendored output: never linted.
		ignores: [
			'build/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'drizzle/',
			'tests/.tmp/',
			'tests/bench/baseline/.build/',
			'tests/bench/baseline/.svelte-kit/',
			'test-results/',
			'playwright-report/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			// Not type-aware (no projectService): the rules used need no types, svelte-check does the typing,
			// and a type-aware pass over every component took minutes on this machine.
			parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			// TypeScript already reports undefined names, with the real types in view.
			'no-undef': 'off',
			// A leading underscore names a value dropped on purpose (`for (const _ of …)`); a rest sibling is what
			// omits a key from a copy (`{ total: _total, ...fund }`).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
			// Entente is served at the root (no `paths.base`) and links are written as plain paths (`/funds/{id}`), as
			// the house style does everywhere; wrapping 170 links in `resolve()` would change no URL.
			'svelte/no-navigation-without-resolve': 'off'
		}
	}
);
