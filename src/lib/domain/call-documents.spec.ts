import { describe, expect, it } from 'vitest';
import { documentFileName, isPublicChange, mayChangeCallDocuments } from './call-documents';

describe('who changes a call’s documents', () => {
	it('any member of the publisher on a draft, an admin once open, nobody after the deadline', () => {
		expect(mayChangeCallDocuments('member', 'draft')).toBe(true);
		expect(mayChangeCallDocuments('member', 'open')).toBe(false);
		expect(mayChangeCallDocuments('signatory', 'open')).toBe(false);
		expect(mayChangeCallDocuments('admin', 'open')).toBe(true);
		for (const status of ['closed', 'evaluating', 'decided', 'experimenting', 'evaluated'] as const) {
			expect(mayChangeCallDocuments('admin', status)).toBe(false);
		}
		expect(mayChangeCallDocuments(null, 'draft')).toBe(false);
	});

	it('a change is public once the call is', () => {
		expect(isPublicChange('draft')).toBe(false);
		expect(isPublicChange('open')).toBe(true);
	});
});

describe('a document’s name', () => {
	it('is the title given, made safe, with .pdf once; else the file’s own', () => {
		expect(documentFileName('  Cahier des charges ', 'x.pdf')).toBe('Cahier des charges.pdf');
		expect(documentFileName('Règlement.PDF', 'x.pdf')).toBe('Règlement.pdf');
		expect(documentFileName('../../etc/passwd', 'x.pdf')).toBe('.._.._etc_passwd.pdf');
		expect(documentFileName('   ', 'fichier.pdf')).toBe('fichier.pdf');
		expect(documentFileName('a'.repeat(500), 'x.pdf')).toHaveLength(124);
	});
});
