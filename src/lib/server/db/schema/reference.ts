import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Official reference data imported from @etalab/decoupage-administratif (see reference/import.ts).

export const regions = sqliteTable('regions', {
	code: text().primaryKey(),
	name: text().notNull()
});

export const departements = sqliteTable('departements', {
	code: text().primaryKey(),
	name: text().notNull(),
	regionCode: text().notNull()
});

export const communes = sqliteTable(
	'communes',
	{
		inseeCode: text().primaryKey(),
		name: text().notNull(),
		/** Lower-case, without accents or ligatures: what the search compares with. */
		searchName: text().notNull(),
		siren: text(),
		departementCode: text().notNull(),
		regionCode: text().notNull(),
		population: integer(),
		/** Space-separated postal codes. */
		postalCodes: text().notNull().default('')
	},
	(t) => [index('communes_search_name_idx').on(t.searchName), index('communes_siren_idx').on(t.siren)]
);

export const epcis = sqliteTable(
	'epcis',
	{
		siren: text().primaryKey(),
		name: text().notNull(),
		searchName: text().notNull(),
		/** CA, CC, CU, METRO… */
		nature: text().notNull(),
		population: integer()
	},
	(t) => [index('epcis_search_name_idx').on(t.searchName)]
);

export const epciMembers = sqliteTable(
	'epci_members',
	{
		epciSiren: text()
			.notNull()
			.references(() => epcis.siren, { onDelete: 'cascade' }),
		communeInseeCode: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.epciSiren, t.communeInseeCode] }), index('epci_members_commune_idx').on(t.communeInseeCode)]
);

/** One row per imported dataset and version: a start finding it skips the import. */
export const referenceImports = sqliteTable('reference_imports', {
	dataset: text().primaryKey(),
	version: text().notNull(),
	rowCount: integer().notNull(),
	importedAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export type Commune = typeof communes.$inferSelect;
export type Departement = typeof departements.$inferSelect;
export type Region = typeof regions.$inferSelect;
export type Epci = typeof epcis.$inferSelect;
