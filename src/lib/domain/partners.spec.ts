import { describe, expect, it } from 'vitest';
import { interestRefusal, logoTypeOf, parseBudgetLines, parseIndicators, mayEditProfile, populationBandOf, populationBounds, similarBands } from './partners';

describe('population bands', () => {
	it('place a population in exactly one band, with its bounds', () => {
		expect(populationBandOf(9_999)).toBe('under_10k');
		expect(populationBandOf(10_000)).toBe('10k_20k');
		expect(populationBandOf(25_000)).toBe('20k_50k');
		expect(populationBandOf(250_000)).toBe('over_100k');
		expect(populationBandOf(null)).toBeNull();
		expect(populationBounds('20k_50k')).toEqual([20_000, 50_000]);
	});

	it('count neighbouring bands as similar', () => {
		expect(similarBands('20k_50k')).toEqual(['10k_20k', '20k_50k', '50k_100k']);
		expect(similarBands('under_10k')).toEqual(['under_10k', '10k_20k']);
	});
});

describe('logos', () => {
	it('are recognised by their first bytes, never SVG or text', () => {
		expect(logoTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
		expect(logoTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(logoTypeOf(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(logoTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(logoTypeOf(new Uint8Array([]))).toBeNull();
	});

	it('and the profile are edited by admins only', () => {
		expect(mayEditProfile('admin')).toBe(true);
		expect(mayEditProfile('signatory')).toBe(false);
		expect(mayEditProfile(null)).toBe(false);
	});
});

describe('interest in a project', () => {
	const project = { proposerOrganisationId: 'bethune', status: 'published' };
	const cityAdmin = { kind: 'city', verificationStatus: 'verified', role: 'admin' };
	it('is for the admins of another verified city or EPCI, on a published project', () => {
		expect(interestRefusal(cityAdmin, project, 'cahors')).toBeNull();
		expect(interestRefusal({ ...cityAdmin, kind: 'intercommunality' }, project, 'epci')).toBeNull();
		expect(interestRefusal(null, project, null)).toBe('not_signed_in');
		expect(interestRefusal({ ...cityAdmin, kind: 'startup' }, project, 'x')).toBe('not_a_city');
		expect(interestRefusal({ ...cityAdmin, verificationStatus: 'unverified' }, project, 'cahors')).toBe('organisation_unverified');
		expect(interestRefusal({ ...cityAdmin, role: 'member' }, project, 'cahors')).toBe('forbidden');
		expect(interestRefusal(cityAdmin, project, 'bethune')).toBe('own_project');
		expect(interestRefusal(cityAdmin, { ...project, status: 'abandoned' }, 'cahors')).toBe('project_closed');
		expect(interestRefusal(cityAdmin, { ...project, status: 'draft' }, 'cahors')).toBe('project_closed');
	});
});

describe('reusable parts typed as lines', () => {
	const euros = (s: string) => (/^\d+$/.test(s.replace(/\s/g, '')) ? Number(s.replace(/\s/g, '')) * 100 : null);
	it('read budget lines, and point at the first bad one', () => {
		expect(parseBudgetLines('Logiciel ; 12 000\n\nFormation ; 3000', euros)).toEqual({
			ok: true,
			lines: [
				{ label: 'Logiciel', amountCents: 1_200_000 },
				{ label: 'Formation', amountCents: 300_000 }
			]
		});
		expect(parseBudgetLines('Logiciel ; 12 000\nFormation', euros)).toEqual({ ok: false, line: 2 });
		expect(parseBudgetLines('Logiciel ; douze', euros)).toEqual({ ok: false, line: 1 });
	});

	it('read indicators and their dated measurements', () => {
		const parsed = parseIndicators(
			'Démarches en ligne ; % ; 20 ; 80\nUsagers ; personnes',
			'Démarches en ligne ; 2026-06-30 ; 45,5\nDémarches en ligne ; 2026-01-31 ; 30'
		);
		expect(parsed).toEqual({
			ok: true,
			indicators: [
				{
					name: 'Démarches en ligne',
					unit: '%',
					baseline: 20,
					target: 80,
					measurements: [
						{ measuredOn: '2026-01-31', value: 30 },
						{ measuredOn: '2026-06-30', value: 45.5 }
					]
				},
				{ name: 'Usagers', unit: 'personnes', baseline: null, target: null, measurements: [] }
			]
		});
		expect(parseIndicators('Sans unité', '')).toEqual({ ok: false, field: 'indicators', line: 1 });
		expect(parseIndicators('A ; % ; 1 ; 2', 'B ; 2026-01-01 ; 3')).toEqual({ ok: false, field: 'measurements', line: 1 });
		expect(parseIndicators('A ; % ; 1 ; 2', 'A ; 2026-02-31 ; 3')).toEqual({ ok: false, field: 'measurements', line: 1 });
	});
});
