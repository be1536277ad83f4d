import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The codes of the official départements and régions (@etalab/decoupage-administratif, the list the database is
// imported from), read once: a filter names a place of this list, not anything shaped like a code.
const require = createRequire(import.meta.url);
const codesOf = (file: string) =>
	(JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${file}`), 'utf8')) as { code: string }[]).map((row) => row.code);

export const departementCodes: readonly string[] = codesOf('departements.json');
export const regionCodes: readonly string[] = codesOf('regions.json');

const departements = new Set(departementCodes);
const regions = new Set(regionCodes);

export const isDepartementCode = (code: string | null | undefined): code is string => typeof code === 'string' && departements.has(code);
export const isRegionCode = (code: string | null | undefined): code is string => typeof code === 'string' && regions.has(code);

/** A list filter's place: the code when the official list has it, undefined otherwise. */
export const knownRegion = (code: string | null): string | undefined => (isRegionCode(code) ? code : undefined);
export const knownDepartement = (code: string | null): string | undefined => (isDepartementCode(code) ? code : undefined);
