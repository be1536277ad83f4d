import { describe, expect, it } from 'vitest';
import { metaDescription } from './meta';

describe('meta descriptions', () => {
	it('are the plain words of a markdown text', () => {
		expect(metaDescription('## Le défi\n\nMesurer **la qualité de l’air** dans [nos écoles](https://example.fr).')).toBe(
			'Le défi Mesurer la qualité de l’air dans nos écoles.'
		);
	});

	it('stop at a word before 160 characters, with an ellipsis', () => {
		const long = 'Une phrase assez longue pour dépasser la limite. '.repeat(10);
		const described = metaDescription(long);
		expect(described.length).toBeLessThanOrEqual(160);
		expect(described.endsWith('…')).toBe(true);
		expect(described).not.toMatch(/\s…$/);
		expect(long.startsWith(described.slice(0, -1))).toBe(true);
	});
});
