import { describe, expect, it } from 'vitest';
import { auditKinds } from '$lib/domain/audit-kinds';
import { auditKindLabel } from './audit-labels';

describe('audit event labels', () => {
	it('give every audit kind words in French and in English, never the raw key', () => {
		for (const kind of auditKinds) {
			const fr = auditKindLabel(kind, 'fr');
			const en = auditKindLabel(kind, 'en');
			expect(fr, kind).not.toBe('');
			expect(en, kind).not.toBe('');
			expect(fr, kind).not.toContain(kind);
			expect(en, kind).not.toContain(kind);
			expect(fr, `${kind} is not translated`).not.toBe(en);
		}
		expect(auditKindLabel('consortium.fund_opened', 'fr')).toBe('Fonds ouvert par le groupement');
		expect(auditKindLabel('consortium.fund_opened', 'en')).toBe('Fund opened by the consortium');
	});

	it('say "other event" for a kind this version does not know', () => {
		expect(auditKindLabel('consortium.teleported', 'fr')).toBe('Autre événement');
		expect(auditKindLabel('consortium.teleported', 'en')).toBe('Other event');
	});
});
