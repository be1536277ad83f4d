import { Feed } from 'feed';
import { listPublicCalls, type CallFilters } from '../calls/queries';
import { listPublicProjects, type ProjectFilters } from '../projects/queries';
import { awardsOf, type Award } from '../calls/award';
import { callFiltersOf, projectFiltersOf } from './saved-searches';
import { formatEuros } from '../../domain/money';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

const FEED_SIZE = 50;

function atom(options: { title: string; self: string; alternate: string; locale: Locale; entries: Entry[] }) {
	const updated = options.entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0));
	const origin = new URL(options.self).origin;
	const feed = new Feed({
		id: options.self,
		title: options.title,
		link: options.alternate,
		language: options.locale,
		updated: options.entries.length ? updated : new Date(0),
		feedLinks: { atom: options.self },
		author: { name: 'Entente', link: origin },
		copyright: 'Licence Ouverte / Open Licence 2.0',
		generator: 'Entente'
	});
	for (const e of options.entries) {
		feed.addItem({ title: e.title, id: e.link, link: e.link, date: e.updated, published: e.published, description: e.summary, author: [{ name: e.author }] });
	}
	return feed.atom1();
}

interface Entry {
	title: string;
	link: string;
	updated: Date;
	published?: Date;
	summary: string;
	author: string;
}

function day(date: Date, locale: Locale) {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);
}

/** A decided call's award notice in a line: who won and for how much, or that nobody was selected. */
function awardSummary(award: Award, locale: Locale) {
	if (award.selected.length === 0) {
		return award.responses === 0 ? m.calls_feed_no_award_unanswered({}, { locale }) : m.calls_feed_no_award({ count: award.responses }, { locale });
	}
	const selected = award.selected.map((s) => `${s.name} (${formatEuros(s.amountCents, locale)})`).join(', ');
	return m.feed_award({ selected, count: String(award.responses) }, { locale });
}

/** Calls as feed entries: the deadline, and for a decided call its award notice. */
async function callEntries(filters: CallFilters, origin: string, locale: Locale): Promise<Entry[]> {
	const { calls: rows } = await listPublicCalls(filters, 0, FEED_SIZE);
	// Every award notice of the page in one query, as the API's list does: the feed's cost does not grow with its length.
	const awards = await awardsOf(rows);
	const entries: Entry[] = [];
	for (const row of rows) {
		const award = awards.get(row.id);
		const summary = award ? awardSummary(award, locale) : m.feed_closes({ date: day(row.closesAt, locale) }, { locale });
		entries.push({
			title: row.title,
			link: `${origin}/calls/${row.id}`,
			updated: award?.decidedAt ?? row.updatedAt,
			published: row.publishedAt ?? undefined,
			summary,
			author: row.consortiumName ?? row.publisherName
		});
	}
	return entries.sort((a, b) => b.updated.getTime() - a.updated.getTime());
}

async function projectEntries(filters: ProjectFilters, origin: string): Promise<Entry[]> {
	const { projects } = await listPublicProjects({ ...filters, sort: 'recent' }, 0, FEED_SIZE);
	return projects.map((p) => ({
		title: p.title,
		link: `${origin}/projects/${p.id}`,
		updated: p.publishedAt ?? new Date(0),
		published: p.publishedAt ?? undefined,
		summary: p.summary,
		author: p.proposerName
	}));
}

/** /calls.atom: the open calls. */
export async function openCallsFeed(origin: string, locale: Locale) {
	return atom({
		title: m.feed_calls_title({}, { locale }),
		self: `${origin}/calls.atom`,
		alternate: `${origin}/calls?status=open`,
		locale,
		entries: await callEntries({ status: 'open' }, origin, locale)
	});
}

/** The feed of a saved search: what its filters find on its list, newest first. */
export async function savedSearchFeed(search: { target: 'calls' | 'projects'; query: string; label: string; token: string }, origin: string, locale: Locale) {
	const target = search.target === 'calls' ? m.alerts_target_calls({}, { locale }) : m.alerts_target_projects({}, { locale });
	return atom({
		title: m.feed_search_title({ target, label: search.label || m.alerts_all({}, { locale }) }, { locale }),
		self: `${origin}/feeds/${search.token}.atom`,
		alternate: `${origin}/${search.target}?${search.query}`,
		locale,
		entries:
			search.target === 'calls' ? await callEntries(callFiltersOf(search.query), origin, locale) : await projectEntries(projectFiltersOf(search.query), origin)
	});
}

export const ATOM_HEADERS = { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300' };
