import { luhnValid } from '../../domain/siren';

/**
 * A SIRET for a demo organisation: its SIREN, establishment 0001 and the key digit that makes it valid.
 * For the real communes of the demo this is not necessarily their town hall's actual SIRET; an admin
 * corrects it on the organisation's open-data page.
 */
export function demoSiret(siren: string | null | undefined): string | null {
	if (!siren || !/^\d{9}$/.test(siren)) return null;
	for (let key = 0; key <= 9; key++) {
		const siret = `${siren}0001${key}`;
		if (luhnValid(siret)) return siret;
	}
	return null;
}
