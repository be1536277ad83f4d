// The SCDL « subventions » 2.1.1 schema, kept in the repository as its Table Schema, and the shape of
// one row of it. Every subsidy export is written in this column order and checked against it in tests.

import schemaJson from './scdl-subventions-2.1.1.schema.json' with { type: 'json' };
import type { TableSchema } from './table-schema';

export const scdlSubventionsSchema = schemaJson as TableSchema & { version: string; path: string };

export const SCDL_SUBVENTIONS_SCHEMA_URL = 'https://schema.data.gouv.fr/scdl/subventions/2.1.1/';

export const scdlSubventionsColumns = [
	'nomAttribuant',
	'idAttribuant',
	'dateConvention',
	'referenceDecision',
	'nomBeneficiaire',
	'idBeneficiaire',
	'rnaBeneficiaire',
	'objet',
	'montant',
	'nature',
	'conditionsVersement',
	'datesPeriodeVersement',
	'idRAE',
	'notificationUE',
	'pourcentageSubvention',
	'dispositifAide'
] as const;

export type ScdlSubventionRow = {
	nomAttribuant: string;
	idAttribuant: string;
	dateConvention: string;
	referenceDecision: string;
	nomBeneficiaire: string;
	idBeneficiaire: string;
	rnaBeneficiaire: string;
	objet: string;
	/** Euros with a point and two decimals ("47800.20"). */
	montant: string;
	nature: string;
	conditionsVersement: string;
	datesPeriodeVersement: string;
	idRAE: string;
	notificationUE: 'oui' | 'non';
	/** A decimal share between 0.01 and 1 ("0.45"). */
	pourcentageSubvention: string;
	dispositifAide: string;
};

/** The natures the schema allows (its enum), in the platform's order. */
export const subsidyNatures = ['aide en numéraire', 'aide en nature', 'aide en numéraire;aide en nature', 'aide en nature;aide en numéraire'] as const;
export type SubsidyNature = (typeof subsidyNatures)[number];
