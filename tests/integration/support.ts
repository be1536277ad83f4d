// Shared setup for the integration tests: each test file opens its own fresh database file (a copy of
// this run's migrated template), and closes it afterwards.
import { access, copyFile, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { connect, db, disconnect, write } from '$lib/server/db';
import { applyMigrations } from '$lib/server/db/migrate';
import { communes, departements, outbox, regions, users, type NotificationDelivery, type User } from '$lib/server/db/schema';
import { hashPassword } from '$lib/server/auth/password-hash';
import { newId } from '$lib/server/auth/tokens';
import { foldForSearch } from '$lib/domain/text';

export interface TestDatabase {
	/** The temporary directory holding the database file (and anything else the test writes). */
	dir: string;
	url: string;
}

/**
 * Opens a fresh database in a temporary directory before the file's tests, closes and removes it after.
 * The committed migrations are applied once per run, into a template each file copies.
 */
export function useTestDatabase(): TestDatabase {
	return useTemplateDatabase(() =>
		runTemplate('migrated', async () => {
			await applyMigrations('drizzle');
		})
	);
}

/**
 * A fresh database holding the official reference data and the demo seed, as the server starts with.
 * Importing the reference data and seeding take seconds; they are done once per run (in whichever
 * file asks first) into a template that each file then copies, instead of once in every file.
 */
export function useDemoDatabase(): TestDatabase {
	return useTemplateDatabase(() =>
		runTemplate('demo', async () => {
			// Loaded here, not at the top: most files never need the seed's modules.
			const { importReferenceData } = await import('$lib/server/reference/import');
			const { seedDemo } = await import('$lib/server/demo/seed');
			await applyMigrations('drizzle');
			await importReferenceData(() => undefined);
			await seedDemo(() => undefined);
		})
	);
}

function useTemplateDatabase(template: () => Promise<string>): TestDatabase {
	const handle: TestDatabase = { dir: '', url: '' };
	beforeAll(async () => {
		const file = await template();
		handle.dir = await mkdtemp(join(tmpdir(), 'entente-it-'));
		handle.url = `file:${join(handle.dir, 'test.db')}`;
		await copyFile(file, join(handle.dir, 'test.db'));
		await connect(handle.url, undefined);
	}, 300_000);
	afterAll(async () => {
		disconnect();
		if (handle.dir) await rm(handle.dir, { recursive: true, force: true });
	});
	return handle;
}

/**
 * The template `name` of this run (vite.config.ts names its directory): built by `build`, on a database
 * connected for it, in the first file that needs it; the others wait for its file.
 */
async function runTemplate(name: string, build: () => Promise<void>): Promise<string> {
	const dir = process.env.ENTENTE_IT_TEMPLATES;
	if (!dir) throw new Error('ENTENTE_IT_TEMPLATES is not set: run the integration tests through vite.config.ts.');
	const template = join(dir, `${name}.db`);
	await mkdir(dir, { recursive: true });
	let building = true;
	try {
		await mkdir(join(dir, `${name}.lock`));
	} catch {
		building = false; // another file (in another worker) builds it
	}
	if (building) {
		const partial = join(dir, `${name}-${process.pid}.db`);
		await connect(`file:${partial}`, undefined);
		await build();
		// Everything into the main file, so that a copy of it is the whole database.
		await db().run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
		disconnect();
		await rename(partial, template);
		return template;
	}
	// Built by another worker at this moment: wait until its file is in place (renamed whole, never partial).
	for (const started = Date.now(); Date.now() - started < 240_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
		if (
			await access(template).then(
				() => true,
				() => false
			)
		)
			return template;
	}
	throw new Error(`the ${name} template ${template} was not built within four minutes`);
}

/** Number of rows in `table` (a table name from the migrations). */
export async function countRows(table: string): Promise<number> {
	const [row] = await db().all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
	return Number(row.n);
}

export function outboxFor(email: string) {
	return db().select().from(outbox).where(eq(outbox.recipient, email)).orderBy(outbox.createdAt);
}

const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string) {
	if (!hashes.has(password)) hashes.set(password, hashPassword(password));
	return hashes.get(password)!;
}

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
/** A unique address for a test account. */
export function uniqueEmail(prefix = 'user') {
	counter++;
	return `${prefix}-${counter}-${newId().slice(0, 6)}@test.example`;
}

/** Inserts an account directly, with a real argon2 hash of `password`. */
export async function createUser(
	options: {
		email?: string;
		name?: string;
		password?: string;
		verified?: boolean;
		platformAdmin?: boolean;
		delivery?: NotificationDelivery;
		locale?: string;
	} = {}
): Promise<User> {
	const now = new Date();
	const row = {
		id: newId(),
		email: (options.email ?? uniqueEmail()).toLowerCase(),
		name: options.name ?? 'Test Person',
		passwordHash: await hashOnce(options.password ?? TEST_PASSWORD),
		emailVerifiedAt: options.verified === false ? null : now,
		isPlatformAdmin: options.platformAdmin ?? false,
		locale: options.locale ?? 'fr',
		notificationDelivery: options.delivery ?? 'immediate',
		createdAt: now
	};
	await write((tx) => tx.insert(users).values(row));
	return (await db().query.users.findFirst({ where: eq(users.id, row.id) }))!;
}

/** Reloads an account, e.g. after a command changed it. */
export async function reloadUser(id: string): Promise<User> {
	return (await db().query.users.findFirst({ where: eq(users.id, id) }))!;
}

/**
 * A small slice of the official reference data (the real codes), for tests that need communes but
 * not the whole import.
 */
export async function insertSomeCommunes() {
	const rows = [
		{ inseeCode: '62119', name: 'Béthune', siren: '216201192', departementCode: '62', regionCode: '32', population: 25000, postalCodes: '62400' },
		{ inseeCode: '60057', name: 'Beauvais', siren: '216000578', departementCode: '60', regionCode: '32', population: 56000, postalCodes: '60000' },
		{ inseeCode: '58194', name: 'Nevers', siren: '215801943', departementCode: '58', regionCode: '27', population: 32000, postalCodes: '58000' }
	];
	await write(async (tx) => {
		await tx.insert(regions).values([
			{ code: '32', name: 'Hauts-de-France' },
			{ code: '27', name: 'Bourgogne-Franche-Comté' }
		]);
		await tx.insert(departements).values([
			{ code: '62', name: 'Pas-de-Calais', regionCode: '32' },
			{ code: '60', name: 'Oise', regionCode: '32' },
			{ code: '58', name: 'Nièvre', regionCode: '27' }
		]);
		await tx.insert(communes).values(rows.map((r) => ({ ...r, searchName: foldForSearch(r.name) })));
	});
}

export const noMeta = { ipAddress: null, userAgent: null };

/** The function and act a city or EPCI claim (or a signatory role) carries, as the route stores them. */
export function testEvidence(fn = 'Maire') {
	return {
		function: fn,
		file: `${newId()
			.padEnd(32, '0')
			.slice(0, 32)
			.replace(/[^0-9a-f]/g, 'a')}.pdf`,
		fileName: 'arrete-delegation.pdf'
	};
}

/**
 * A person as a command that needs the second factor receives them from a request whose session
 * passed it just now. Commands refuse a plain account row (tests/integration/second-factor-proof.test.ts).
 */
export function proven<U extends User>(user: U): U & { secondFactor: { enrolled: boolean; passedAt: Date | null } } {
	return { ...user, secondFactor: { enrolled: true, passedAt: new Date() } };
}
