import { db } from '../db';
import { departements, regions } from '../db/schema';

// The official départements and régions, as imported into the database at start (importReferenceData, before the
// server answers): read once per process, since nothing changes them while it runs. A read that finds them empty
// (a database not imported yet) is not kept, so the next one reads again.

export interface PlaceOptions {
	/** By code. */
	departements: { code: string; name: string; regionCode: string }[];
	/** By French name. */
	regions: { code: string; name: string }[];
}

let kept: PlaceOptions | undefined;

/** Reference lists for the filters and the forms, and the names of places. */
export async function placeOptions(): Promise<PlaceOptions> {
	if (kept) return kept;
	const [allDepartements, allRegions] = await Promise.all([
		db().select({ code: departements.code, name: departements.name, regionCode: departements.regionCode }).from(departements).orderBy(departements.code),
		db().select({ code: regions.code, name: regions.name }).from(regions)
	]);
	const options = { departements: allDepartements, regions: allRegions.sort((a, b) => a.name.localeCompare(b.name, 'fr')) };
	if (allDepartements.length > 0 && allRegions.length > 0) kept = options;
	return options;
}
