import { parseSirenOrSiret } from './siren';

// An organisation's SIRET: 14 digits, its key right (Luhn, or La Poste's own rule, see siren.ts), and
// its first nine digits the organisation's SIREN when the platform knows it.

export type SiretResult = { ok: true; siret: string } | { ok: false; reason: 'format' | 'checksum' | 'siren_mismatch' };

export function parseSiret(input: string, siren: string | null): SiretResult {
	if (input.length > 40) return { ok: false, reason: 'format' };
	const digits = input.replace(/[\s.]/g, '');
	if (!/^\d{14}$/.test(digits)) return { ok: false, reason: 'format' };
	const parsed = parseSirenOrSiret(digits);
	if (!parsed.ok) return { ok: false, reason: parsed.reason };
	if (siren && parsed.siren !== siren) return { ok: false, reason: 'siren_mismatch' };
	return { ok: true, siret: digits };
}
