import { and, count, desc, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { db, write } from '../db';
import { savedSearches, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { callFiltersFrom } from '../calls/filters';
import { projectFiltersFrom } from '../projects/filters';
import { canonicalQuery, MAX_SAVED_SEARCHES, savedSearchUrl, type SavedSearchTarget } from '../../domain/saved-searches';
import type { Outcome } from '../shared/outcome';

/** The filters a saved search holds, read back exactly as the list page reads its URL. */
export function filtersOf(target: SavedSearchTarget, query: string) {
	return target === 'calls' ? callFiltersOf(query) : projectFiltersOf(query);
}
export const callFiltersOf = (query: string) => callFiltersFrom(savedSearchUrl('calls', query));
export const projectFiltersOf = (query: string) => projectFiltersFrom(savedSearchUrl('projects', query));

/** A list page's query string → the canonical one of the filters it sets (unknown ones and the page dropped). */
export function normaliseQuery(target: SavedSearchTarget, raw: string): string {
	const filters = filtersOf(target, raw.slice(0, 1000).replace(/^\?/, ''));
	if (target === 'projects') {
		const { seekingPartners, sort: _sort, ...rest } = filters as ReturnType<typeof projectFiltersFrom>;
		return canonicalQuery({ ...rest, seeking: seekingPartners });
	}
	return canonicalQuery({ ...filters });
}

/** What the person reads in the email and the list: the words searched and the filters' values. */
function labelOf(query: string): string {
	const values = [...new URLSearchParams(query).values()].filter((v) => v !== '1');
	return values.join(', ').slice(0, 120);
}

export async function saveSearch(user: User, target: SavedSearchTarget, rawQuery: string): Promise<Outcome<{ id: string }>> {
	const query = normaliseQuery(target, rawQuery);
	return write(async (tx) => {
		const [existing] = await tx
			.select({ id: savedSearches.id })
			.from(savedSearches)
			.where(and(eq(savedSearches.userId, user.id), eq(savedSearches.target, target), eq(savedSearches.query, query)));
		if (existing) {
			await tx.update(savedSearches).set({ emailAlerts: true }).where(eq(savedSearches.id, existing.id));
			return { ok: true, id: existing.id };
		}
		const [{ n }] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, user.id));
		if (n >= MAX_SAVED_SEARCHES) return { ok: false, code: 'too_many_searches' };
		const id = newId();
		await tx
			.insert(savedSearches)
			.values({ id, userId: user.id, target, query, label: labelOf(query), token: randomBytes(18).toString('base64url'), createdAt: new Date() });
		await audit(tx, { userId: user.id, organisationId: null }, 'saved_search.created', { type: 'saved_search', id }, { target, query });
		return { ok: true, id };
	});
}

export async function deleteSearch(user: User, id: string): Promise<Outcome> {
	return write(async (tx) => {
		const deleted = await tx
			.delete(savedSearches)
			.where(and(eq(savedSearches.id, id), eq(savedSearches.userId, user.id)))
			.returning({ id: savedSearches.id });
		if (deleted.length === 0) return { ok: false, code: 'not_found' };
		await audit(tx, { userId: user.id, organisationId: null }, 'saved_search.deleted', { type: 'saved_search', id });
		return { ok: true };
	});
}

/** The unsubscribe link of an alert email: no more emails for this search; its feed stays. */
export async function unsubscribeByToken(token: string): Promise<Outcome<{ label: string; target: SavedSearchTarget }>> {
	return write(async (tx) => {
		const [search] = await tx.select().from(savedSearches).where(eq(savedSearches.token, token));
		if (!search) return { ok: false, code: 'not_found' };
		await tx.update(savedSearches).set({ emailAlerts: false }).where(eq(savedSearches.id, search.id));
		await audit(tx, { userId: search.userId, organisationId: null }, 'saved_search.unsubscribed', { type: 'saved_search', id: search.id });
		return { ok: true, label: search.label, target: search.target };
	});
}

export function searchesOf(userId: string) {
	return db().select().from(savedSearches).where(eq(savedSearches.userId, userId)).orderBy(desc(savedSearches.createdAt));
}

export async function searchByToken(token: string) {
	if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return undefined;
	const [row] = await db().select().from(savedSearches).where(eq(savedSearches.token, token));
	return row;
}
