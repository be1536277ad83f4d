// Who may register and act for an organisation: public bodies by their NAF code, email domains
// compared with the ones an organisation is known to write from.

/** NAF rev. 2 sections (the letter above each division), in the official French wording. */
const nafSections: readonly { section: string; from: number; to: number; label: string }[] = [
	{ section: 'A', from: 1, to: 3, label: 'Agriculture, sylviculture et pêche' },
	{ section: 'B', from: 5, to: 9, label: 'Industries extractives' },
	{ section: 'C', from: 10, to: 33, label: 'Industrie manufacturière' },
	{ section: 'D', from: 35, to: 35, label: 'Production et distribution d’électricité, de gaz, de vapeur et d’air conditionné' },
	{ section: 'E', from: 36, to: 39, label: 'Production et distribution d’eau ; assainissement, gestion des déchets et dépollution' },
	{ section: 'F', from: 41, to: 43, label: 'Construction' },
	{ section: 'G', from: 45, to: 47, label: 'Commerce ; réparation d’automobiles et de motocycles' },
	{ section: 'H', from: 49, to: 53, label: 'Transports et entreposage' },
	{ section: 'I', from: 55, to: 56, label: 'Hébergement et restauration' },
	{ section: 'J', from: 58, to: 63, label: 'Information et communication' },
	{ section: 'K', from: 64, to: 66, label: 'Activités financières et d’assurance' },
	{ section: 'L', from: 68, to: 68, label: 'Activités immobilières' },
	{ section: 'M', from: 69, to: 75, label: 'Activités spécialisées, scientifiques et techniques' },
	{ section: 'N', from: 77, to: 82, label: 'Activités de services administratifs et de soutien' },
	{ section: 'O', from: 84, to: 84, label: 'Administration publique' },
	{ section: 'P', from: 85, to: 85, label: 'Enseignement' },
	{ section: 'Q', from: 86, to: 88, label: 'Santé humaine et action sociale' },
	{ section: 'R', from: 90, to: 93, label: 'Arts, spectacles et activités récréatives' },
	{ section: 'S', from: 94, to: 96, label: 'Autres activités de services' },
	{ section: 'T', from: 97, to: 98, label: 'Activités des ménages en tant qu’employeurs ; activités indifférenciées des ménages' },
	{ section: 'U', from: 99, to: 99, label: 'Activités extra-territoriales' }
];

/** The section of a dotted NAF code ("62.01Z" → J, Information et communication), or null. */
export function nafSection(naf: string | null | undefined) {
	const match = /^(\d{2})\.\d{2}[A-Z]$/.exec(naf ?? '');
	if (!match) return null;
	const division = Number(match[1]);
	const found = nafSections.find((s) => division >= s.from && division <= s.to);
	return found ? { section: found.section, label: found.label } : null;
}

/**
 * Division 84 (administration publique et défense, sécurité sociale obligatoire) is what communes,
 * EPCI, départements, régions and State services declare: such a body registers as a city or an
 * EPCI from the official list, never as a startup or a partner.
 */
export function isPublicBodyNaf(naf: string | null | undefined): boolean {
	return /^84\./.test(naf ?? '');
}

// Addresses anyone can open: an address there says nothing about who employs its owner.
const webmailDomains = new Set([
	'gmail.com',
	'googlemail.com',
	'yahoo.fr',
	'yahoo.com',
	'hotmail.fr',
	'hotmail.com',
	'outlook.fr',
	'outlook.com',
	'live.fr',
	'live.com',
	'msn.com',
	'icloud.com',
	'me.com',
	'aol.com',
	'orange.fr',
	'wanadoo.fr',
	'free.fr',
	'sfr.fr',
	'neuf.fr',
	'laposte.net',
	'bbox.fr',
	'gmx.fr',
	'gmx.com',
	'protonmail.com',
	'proton.me',
	'yandex.com',
	'mail.com',
	'numericable.fr',
	'club-internet.fr',
	'tutanota.com'
]);

export function emailDomain(email: string): string {
	const at = email.lastIndexOf('@');
	return at < 0
		? ''
		: email
				.slice(at + 1)
				.trim()
				.toLowerCase();
}

/** A domain as an administrator may type it ("@Beauvais.fr", "https://www.beauvais.fr/"), or null. */
export function normaliseDomain(input: string): string | null {
	const text = input
		.trim()
		.toLowerCase()
		.slice(0, 300)
		.replace(/^https?:\/\//, '')
		.replace(/^@/, '')
		.replace(/\/.*$/, '');
	if (text.length > 253) return null;
	return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(text) ? text : null;
}

export const domainVerdicts = ['known', 'subdomain', 'webmail', 'unknown', 'no_list'] as const;
export type DomainVerdict = (typeof domainVerdicts)[number];

/** How an address compares with an organisation's known domains (a subdomain of one counts apart). */
export function checkEmailDomain(email: string, knownDomains: readonly string[]): DomainVerdict {
	const domain = emailDomain(email);
	if (webmailDomains.has(domain)) return 'webmail';
	if (knownDomains.includes(domain)) return 'known';
	if (knownDomains.some((known) => domain.endsWith(`.${known}`))) return 'subdomain';
	return knownDomains.length === 0 ? 'no_list' : 'unknown';
}
