import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db, rawClient } from '$lib/server/db';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { logoBySlug, officialDataOf, profileOf, readLogo, updateProfile } from '$lib/server/organisations/profiles';
import { directoryFiltersFrom, referentsPage, searchDirectory } from '$lib/server/organisations/directory';
import { publicOrganisation, publicOrganisations, publicReferents } from '$lib/server/organisations/api';
import type { ProfileInput } from '$lib/schemas/profiles';
import { createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

function profile(overrides: Partial<ProfileInput> = {}): ProfileInput {
	return {
		description: 'Cœur de ville connecté, au centre du Pas-de-Calais.',
		website: 'https://www.bethune.fr',
		contactEmail: 'mairie@bethune.example',
		contactPhone: '03 21 68 40 00',
		referentName: 'Amélie Numérique',
		referentRole: 'Chargée de mission numérique',
		referentEmail: 'numerique@bethune.example',
		referentPhone: null,
		references: '',
		removeLogo: false,
		...overrides
	};
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let admin: User, member: User, founder: User, cahorsAdmin: User, lensAdmin: User;
let bethune: string, cahors: string, startup: string, epci: string, lens: string, unverified: string;

beforeAll(async () => {
	await insertPlaces();
	[admin, member, founder, cahorsAdmin, lensAdmin] = await Promise.all([createUser(), createUser(), createUser(), createUser(), createUser()]);
	bethune = await organisation(
		'city',
		'Béthune',
		[
			[admin, 'admin'],
			[member, 'member']
		],
		{ inseeCode: '62119', description: 'Cœur de ville connecté' }
	);
	cahors = await organisation('city', 'Cahors', [[cahorsAdmin, 'admin']], { inseeCode: '46042' });
	lens = await organisation('city', 'Lens', [[lensAdmin, 'admin']], { inseeCode: '62498' });
	startup = await organisation('startup', 'Capteurs Civiques', [[founder, 'admin']], { siren: '123456789' });
	epci = await organisation('intercommunality', 'CA de Béthune-Bruay', [[admin, 'admin']], { siren: '200035442' });
	unverified = await organisation('city', 'Laval', [[founder, 'admin']], { inseeCode: '53130', verified: false });
	const project = await createProject(admin, bethune, {
		title: 'Guichet unique numérique',
		summary: 'Un guichet pour les démarches.',
		description: '',
		theme: 'public_services',
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: true
	});
	if (!project.ok) throw new Error(project.code);
	await transitionProject(admin, project.id, 'published');
});

describe('organisation profiles', () => {
	it('are set by an admin of the organisation, with an audit event, and refused to others', async () => {
		expect(await updateProfile(member, bethune, profile(), null)).toEqual({ ok: false, code: 'forbidden' });
		expect(await updateProfile(cahorsAdmin, bethune, profile(), null)).toEqual({ ok: false, code: 'forbidden' });
		expect(await profileOf(bethune)).toBeNull();

		expect(await updateProfile(admin, bethune, profile(), { bytes: png, type: 'image/png' })).toEqual({ ok: true });
		expect(await profileOf(bethune)).toMatchObject({ website: 'https://www.bethune.fr', referentName: 'Amélie Numérique', hasLogo: true });
		const events = await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.objectId, bethune) });
		expect(events.map((e) => e.action)).toContain('organisation.profile_updated');
		expect(events.find((e) => e.action === 'organisation.profile_updated')?.actorUserId).toBe(admin.id);
		const slug = (await db().query.organisations.findFirst({ where: (o, { eq }) => eq(o.id, bethune) }))!.slug;
		expect((await logoBySlug(slug))?.type).toBe('image/png');

		// Removing the logo keeps the rest.
		expect(await updateProfile(admin, bethune, profile({ removeLogo: true }), null)).toEqual({ ok: true });
		expect(await profileOf(bethune)).toMatchObject({ hasLogo: false, contactEmail: 'mairie@bethune.example' });
		expect(await logoBySlug(slug)).toBeNull();
		expect(await updateProfile(admin, bethune, profile(), null)).toEqual({ ok: true });
	});

	it('name a référent for cities and intercommunalities only', async () => {
		expect(
			await updateProfile(founder, startup, profile({ description: 'Des capteurs pour les villes.', contactEmail: 'bonjour@capteurs.example' }), null)
		).toEqual({ ok: true });
		expect(await profileOf(startup)).toMatchObject({ contactEmail: 'bonjour@capteurs.example', referentName: null, referentEmail: null });
	});

	it('take a logo only as a small PNG, JPEG or WebP, judged by its bytes', async () => {
		const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'logo.png', { type: 'image/png' });
		expect(await readLogo(svg)).toEqual({ ok: false, code: 'logo_not_image' });
		const huge = new File([Buffer.concat([png, Buffer.alloc(300 * 1024)])], 'logo.png', { type: 'image/png' });
		expect(await readLogo(huge)).toEqual({ ok: false, code: 'logo_too_large' });
		expect(await readLogo(new File([png], 'x.png'))).toMatchObject({ ok: true, logo: { type: 'image/png' } });
		expect(await readLogo(null)).toEqual({ ok: true, logo: null });
	});

	it('show the official data of a city (population, département, EPCI) and of an EPCI', async () => {
		const city = await officialDataOf({ kind: 'city', inseeCode: '62119', siren: null });
		expect(city).toMatchObject({ population: 25_000, departementCode: '62', regionName: 'Hauts-de-France', epciName: 'CA de Béthune-Bruay' });
		expect(city?.epciSlug).toMatch(/^ca-de-bethune-bruay/);
		const intercommunality = await officialDataOf({ kind: 'intercommunality', inseeCode: null, siren: '200035442' });
		expect(intercommunality).toMatchObject({ population: 277_000, memberCount: 1, nature: 'CA', departements: [{ code: '62', name: 'Pas-de-Calais' }] });
	});
});

describe('the directory', () => {
	const ids = async (filters: Parameters<typeof searchDirectory>[0]) => (await searchDirectory(filters)).organisations.map((o) => o.id);

	it('searches names and descriptions without accents, and lists only verified organisations', async () => {
		expect(await ids({ q: 'bethune' })).toEqual(expect.arrayContaining([bethune, epci]));
		expect(await ids({ q: 'BÉTHUNE' })).toContain(bethune);
		expect(await ids({ q: 'coeur connecte' })).toEqual([bethune]);
		expect(await ids({ q: 'laval' })).toEqual([]);
		expect(await ids({})).not.toContain(unverified);
		expect(await ids({ q: '"NEAR(* -' })).toEqual([]);
	});

	it('filters by kind, région, département, population band and theme', async () => {
		expect(await ids({ kind: 'startup' })).toEqual([startup]);
		expect(new Set(await ids({ departement: '62' }))).toEqual(new Set([bethune, lens, epci]));
		expect(await ids({ region: '76' })).toEqual([cahors]);
		expect(new Set(await ids({ band: '20k_50k' }))).toEqual(new Set([bethune, lens]));
		expect(await ids({ band: '10k_20k' })).toEqual([cahors]);
		expect(await ids({ theme: 'public_services' })).toEqual([bethune]);
		expect(await ids({ kind: 'city', departement: '62', band: '20k_50k', theme: 'public_services' })).toEqual([bethune]);
	});

	it('reads its filters from the URL, ignoring what it does not know', () => {
		expect(directoryFiltersFrom(new URL('http://x/?q=%20b%C3%A9thune&kind=city&region=32&departement=2A&population=20k_50k&theme=mobility'))).toEqual({
			q: 'béthune',
			kind: 'city',
			region: '32',
			departement: '2A',
			band: '20k_50k',
			theme: 'mobility'
		});
		expect(directoryFiltersFrom(new URL('http://x/?kind=bank&region=1&departement=999x&population=huge&theme=x'))).toEqual({
			q: undefined,
			kind: undefined,
			region: undefined,
			departement: undefined,
			band: undefined,
			theme: undefined
		});
	});

	it('answers the API with the profile, the référent and the themes, page by page', async () => {
		const one = await publicOrganisation(bethune);
		expect(one).toMatchObject({
			name: 'Béthune',
			population: 25_000,
			website: 'https://www.bethune.fr',
			themes: ['public_services'],
			referent: { name: 'Amélie Numérique', role: 'Chargée de mission numérique', phone: null },
			logoUrl: null
		});
		// Never an email address in the public API.
		expect(JSON.stringify(one)).not.toContain('@');
		expect(await publicOrganisation(unverified)).toBeUndefined();
		const first = await publicOrganisations(2, null, { kind: 'city' });
		expect(first.data).toHaveLength(2);
		expect(first.last).not.toBeNull();
		const second = await publicOrganisations(2, first.last, { kind: 'city' });
		expect([...first.data, ...second.data].map((o) => o.id).sort()).toEqual([bethune, cahors, lens].sort());
		expect(second.last).toBeNull();
		expect((await publicOrganisations(20, null, { q: 'cahors' })).data.map((o) => o.id)).toEqual([cahors]);
	});

	it('lists the référents by département and région, in the page and the API', async () => {
		await updateProfile(
			lensAdmin,
			lens,
			profile({ description: '', referentName: 'Karim Lensois', referentEmail: null, website: null, contactEmail: null }),
			null
		);
		await updateProfile(cahorsAdmin, cahors, profile({ referentName: 'Claire Quercy', referentEmail: 'numerique@cahors.example' }), null);
		const inPasDeCalais = await publicReferents(20, null, { departement: '62' });
		expect(inPasDeCalais.data.map((r) => r.name).sort()).toEqual(['Amélie Numérique', 'Karim Lensois']);
		expect(inPasDeCalais.last).toBeNull();
		expect((await publicReferents(20, null, { region: '76' })).data).toEqual([
			expect.objectContaining({ organisationId: cahors, name: 'Claire Quercy', departementCode: '46' })
		]);
		expect(JSON.stringify(inPasDeCalais)).not.toContain('@');
		const page = await referentsPage({}, 0);
		expect(page.total).toBe(3);
		expect(page.referents.map((r) => r.departementCode)).toEqual(['46', '62', '62']);
	});

	it('answers each page in the same number of queries whatever its length', async () => {
		const spy = vi.spyOn(rawClient(), 'execute');
		const count = async (run: () => Promise<unknown>) => {
			spy.mockClear();
			await run();
			return spy.mock.calls.length;
		};
		try {
			expect(await count(() => searchDirectory({}, 0, 50))).toBe(await count(() => searchDirectory({}, 0, 1)));
			expect(await count(() => publicOrganisations(50, null))).toBe(await count(() => publicOrganisations(1, null)));
			expect(await count(() => publicReferents(50, null, {}))).toBe(await count(() => publicReferents(1, null, {})));
			expect(await count(() => referentsPage({}, 0, 50))).toBe(await count(() => referentsPage({}, 0, 1)));
		} finally {
			spy.mockRestore();
		}
	});
});
