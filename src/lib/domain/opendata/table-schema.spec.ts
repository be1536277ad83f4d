import { describe, expect, it } from 'vitest';
import { isIsoDate, validateRecords, validateRow, validateTable } from './table-schema';
import { scdlSubventionsColumns, scdlSubventionsSchema as schema } from './scdl';

// A row the published schema accepts (the values of its own examples).
const valid = {
	nomAttribuant: 'Région Bretagne',
	idAttribuant: '23350001600040',
	dateConvention: '2017-06-27',
	referenceDecision: '2017-03-103',
	nomBeneficiaire: 'Association Les Petits Débrouillards Bretagne',
	idBeneficiaire: '38047555800058',
	rnaBeneficiaire: '',
	objet: 'Animations climat-énergie dans les lycées de la région',
	montant: '47800.20',
	nature: 'aide en numéraire',
	conditionsVersement: 'unique',
	datesPeriodeVersement: '2017-03-14/2018-03-14',
	idRAE: '',
	notificationUE: 'non',
	pourcentageSubvention: '1.00',
	dispositifAide: ''
};

const codes = (row: Record<string, unknown>) => validateRow(schema, row).map((e) => `${e.field}:${e.code}`);

describe('the SCDL subventions 2.1.1 Table Schema', () => {
	it('lists the sixteen columns of the schema in its order', () => {
		expect(schema.version).toBe('2.1.1');
		expect(schema.fields.map((f) => f.name)).toEqual([...scdlSubventionsColumns]);
	});

	it('accepts a complete row', () => {
		expect(codes(valid)).toEqual([]);
		expect(codes({ ...valid, datesPeriodeVersement: '2017-03-14', pourcentageSubvention: '0.45', nature: 'aide en nature;aide en numéraire' })).toEqual([]);
	});

	it('refuses a SIRET whose key is wrong, or that is not 14 digits', () => {
		expect(codes({ ...valid, idAttribuant: '23350001600041' })).toEqual(['idAttribuant:siret']);
		expect(codes({ ...valid, idAttribuant: '233500016' })).toEqual(['idAttribuant:pattern', 'idAttribuant:siret']);
		expect(codes({ ...valid, idBeneficiaire: '38047555800059' })).toEqual(['idBeneficiaire:siret']);
	});

	it('refuses a payment period in another form', () => {
		expect(codes({ ...valid, datesPeriodeVersement: '14/03/2017' })).toEqual(['datesPeriodeVersement:pattern']);
		expect(codes({ ...valid, datesPeriodeVersement: '2017-03-14 - 2018-03-14' })).toEqual(['datesPeriodeVersement:pattern']);
		expect(codes({ ...valid, datesPeriodeVersement: '2017-03-14/' })).toEqual(['datesPeriodeVersement:pattern']);
	});

	it('refuses a share of 0, or above 1', () => {
		expect(codes({ ...valid, pourcentageSubvention: '0' })).toEqual(['pourcentageSubvention:minimum']);
		expect(codes({ ...valid, pourcentageSubvention: 0 })).toEqual(['pourcentageSubvention:minimum']);
		expect(codes({ ...valid, pourcentageSubvention: '1.01' })).toEqual(['pourcentageSubvention:maximum']);
		expect(codes({ ...valid, pourcentageSubvention: '45%' })).toEqual(['pourcentageSubvention:type']);
	});

	it('refuses a comma as decimal separator, a date that does not exist, a boolean other than oui/non', () => {
		expect(codes({ ...valid, montant: '47800,20' })).toEqual(['montant:type']);
		expect(codes({ ...valid, dateConvention: '2017-02-30' })).toEqual(['dateConvention:type']);
		expect(codes({ ...valid, notificationUE: 'false' })).toEqual(['notificationUE:type']);
	});

	it('refuses a nature outside the list, an object over 256 characters, a missing required value', () => {
		expect(codes({ ...valid, nature: 'aide en numéraire; aide en nature' })).toEqual(['nature:enum']);
		expect(codes({ ...valid, objet: 'é'.repeat(257) })).toEqual(['objet:maxLength']);
		expect(codes({ ...valid, objet: 'é'.repeat(256) })).toEqual([]);
		expect(codes({ ...valid, dateConvention: '' })).toEqual(['dateConvention:required']);
		expect(codes({ ...valid, idBeneficiaire: '', rnaBeneficiaire: '' })).toEqual(['idBeneficiaire:one-of-required']);
		expect(codes({ ...valid, idBeneficiaire: '', rnaBeneficiaire: 'W380475558' })).toEqual([]);
		expect(codes({ ...valid, rnaBeneficiaire: 'W38047555' })).toEqual(['rnaBeneficiaire:pattern']);
	});

	it('checks a CSV table: the header in order, then every row', () => {
		const header = [...scdlSubventionsColumns];
		const row = header.map((name) => valid[name]);
		expect(validateTable(schema, [header, row])).toEqual([]);
		expect(validateTable(schema, [[...header].reverse(), row])).toEqual([{ row: null, field: null, code: 'header' }]);
		const bad = [...row];
		bad[header.indexOf('pourcentageSubvention')] = '0.00';
		expect(validateTable(schema, [header, row, bad])).toEqual([{ row: 2, field: 'pourcentageSubvention', code: 'minimum' }]);
	});

	it('checks JSON records with JSON types', () => {
		expect(validateRecords(schema, [{ ...valid, montant: 47800.2, pourcentageSubvention: 1, notificationUE: false }])).toEqual([]);
		expect(validateRecords(schema, [{ ...valid, montant: '47800.20', surplus: 'x' }]).map((e) => e.code)).toEqual(['extra-cell']);
	});

	it('knows real calendar dates', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2023-02-29')).toBe(false);
		expect(isIsoDate('2023-2-9')).toBe(false);
	});
});
