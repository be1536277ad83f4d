import { describe, expect, it } from 'vitest';
import { bpToDecimal, parseSubsidyDetails, sharesBp, subsidyObject } from './subsidy';

const details = {
	conventionDate: '2026-11-02',
	decisionReference: 'DEL-2026-118',
	nature: 'aide en numéraire',
	paymentConditions: 'unique',
	paymentPeriod: '2026-11-20'
};

describe('subsidy details', () => {
	it('accepts complete details, a single day or a period', () => {
		expect(parseSubsidyDetails(details)).toEqual({ ok: true, value: details });
		expect(parseSubsidyDetails({ ...details, paymentPeriod: ' 2026-11-20 / 2027-05-20 ' })).toMatchObject({
			ok: true,
			value: { paymentPeriod: '2026-11-20/2027-05-20' }
		});
	});
	it('says what is missing or wrong, field by field', () => {
		expect(parseSubsidyDetails({ conventionDate: '', decisionReference: ' ', nature: 'subvention', paymentConditions: '', paymentPeriod: '' })).toEqual({
			ok: false,
			errors: { conventionDate: 'required', decisionReference: 'required', nature: 'nature', paymentConditions: 'required', paymentPeriod: 'required' }
		});
		expect(parseSubsidyDetails({ ...details, conventionDate: '02/11/2026', paymentPeriod: '2027-05-20/2026-11-20' })).toEqual({
			ok: false,
			errors: { conventionDate: 'date', paymentPeriod: 'period' }
		});
		expect(parseSubsidyDetails({ ...details, paymentPeriod: '2026-02-30' })).toMatchObject({ ok: false, errors: { paymentPeriod: 'period' } });
		expect(parseSubsidyDetails({ ...details, paymentConditions: 'x'.repeat(257) })).toMatchObject({ ok: false, errors: { paymentConditions: 'too_long' } });
	});
});

describe('shares of a disbursement', () => {
	it('add up to exactly 100 %', () => {
		expect(sharesBp([1, 1, 1])).toEqual([3334, 3333, 3333]);
		expect(sharesBp([150_000_00, 30_000_00, 65_000_00])).toEqual([6122, 1225, 2653]);
		expect(sharesBp([5])).toEqual([10_000]);
	});
	it('are written as the schema wants', () => {
		expect(bpToDecimal(10_000)).toBe('1.0000');
		expect(bpToDecimal(4500)).toBe('0.4500');
		expect(bpToDecimal(7)).toBe('0.0007');
	});
	it('keep the object within 256 characters', () => {
		expect([...subsidyObject('é'.repeat(300))].length).toBe(256);
		expect(subsidyObject(' Bornes\n et capteurs ')).toBe('Bornes et capteurs');
	});
});
