// The demo tells a story of past weeks: what its commands record is dated on that story's timeline, so that a
// fund's or a consortium's history, a project's and its conversations read in the order things happened.
import { describe, expect, it } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditEvents, funds, messages, projectInterests, projects } from '$lib/server/db/schema';
import { useDemoDatabase } from './support';

useDemoDatabase();

const DAY = 86_400_000;
const daysAgo = (at: Date) => (Date.now() - at.getTime()) / DAY;

describe('the demo’s dates', () => {
	it('record each fund’s opening when the fund was opened, not when the demo was seeded', async () => {
		const opened = await db()
			.select({ at: auditEvents.at, details: auditEvents.details })
			.from(auditEvents)
			.where(eq(auditEvents.action, 'consortium.fund_opened'));
		const all = await db().select({ id: funds.id, createdAt: funds.createdAt }).from(funds);
		expect(opened).toHaveLength(all.length);
		for (const fund of all) {
			const event = opened.find((e) => e.details.fundId === fund.id)!;
			expect(event.at.getTime()).toBe(fund.createdAt.getTime());
			expect(daysAgo(event.at)).toBeGreaterThan(1);
		}
	});

	it('tell the guichet unique in order: published, replicated, talked over, then Beauvais’s request', async () => {
		const [original] = await db().select().from(projects).where(eq(projects.title, 'Guichet unique des démarches (démo)'));
		expect(daysAgo(original.publishedAt!)).toBeGreaterThan(30);
		const published = await db()
			.select({ at: auditEvents.at })
			.from(auditEvents)
			.where(and(eq(auditEvents.objectId, original.id), eq(auditEvents.action, 'project.published')));
		expect(published).toHaveLength(1);
		expect(Math.abs(published[0].at.getTime() - original.publishedAt!.getTime())).toBeLessThan(1_000);
		const interests = await db().select().from(projectInterests).where(eq(projectInterests.projectId, original.id)).orderBy(asc(projectInterests.requestedAt));
		const replications = interests.filter((i) => i.kind === 'replicate');
		const beauvais = interests.find((i) => i.kind === 'join')!;
		expect(replications).toHaveLength(3);
		for (const r of replications) expect(r.requestedAt.getTime()).toBeGreaterThan(original.publishedAt!.getTime());
		const said = await db().select({ at: messages.createdAt }).from(messages).orderBy(asc(messages.createdAt));
		expect(said.length).toBeGreaterThanOrEqual(4);
		for (const message of said) {
			expect(message.at.getTime()).toBeGreaterThan(Math.max(...replications.map((r) => r.requestedAt.getTime())));
			expect(message.at.getTime()).toBeLessThan(beauvais.requestedAt.getTime());
		}
		// Beauvais's request is recent, and nothing of the story is dated in the future.
		expect(daysAgo(beauvais.requestedAt)).toBeGreaterThan(1);
		expect(daysAgo(beauvais.requestedAt)).toBeLessThan(7);
		const [latest] = await db().select({ at: auditEvents.at }).from(auditEvents).orderBy(desc(auditEvents.at)).limit(1);
		expect(latest.at.getTime()).toBeLessThanOrEqual(Date.now());
	});
});
