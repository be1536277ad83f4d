// Followers are told of a step whoever runs the command: this file never starts the platform nor registers an
// observer, as a CLI or a script would not. A project's new document reaches its followers the same way.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { notifications, type User } from '$lib/server/db/schema';
import { setFollowing } from '$lib/server/follows/follows';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { addProjectDocument } from '$lib/server/projects/documents';
import { storeUploadedPdf } from '$lib/server/uploads/store';
import { dissolve } from '$lib/server/consortia/commands';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { createUser, outboxFor, proven, useTestDatabase } from './support';
import { activeConsortium, fundInput, ok, organisation, vote } from './funds-support';
import { insertPlaces } from './partners-support';

process.env.UPLOAD_DIR = mkdtempSync(join(tmpdir(), 'entente-follow-notices-'));
useTestDatabase();

let bethuneAdmin: User, bethuneMember: User, neversAgent: User, neversSigner: User, reader: User;
let bethune: string, nevers: string;

const followNoticesOf = async (user: User) =>
	(
		await db()
			.select({ type: notifications.type, params: notifications.params, link: notifications.link })
			.from(notifications)
			.where(eq(notifications.userId, user.id))
			.orderBy(notifications.createdAt)
	).filter((n) => n.type.startsWith('follow.'));

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, neversAgent, neversSigner] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
	reader = await createUser({ locale: 'fr' });
	bethune = await organisation('city', 'Béthune', [
		[bethuneAdmin, 'admin'],
		[bethuneMember, 'member']
	]);
	nevers = await organisation('city', 'Nevers', [
		[neversAgent, 'admin'],
		[neversSigner, 'signatory']
	]);
});

describe('follow notices without the platform started', () => {
	it('tell a consortium’s and a fund’s followers of their steps', async () => {
		const consortiumId = await activeConsortium(bethune, [nevers], bethuneAdmin);
		expect(await setFollowing(reader, 'consortium', consortiumId, true)).toEqual({ ok: true });
		const { id: fundId } = ok(await openFund(bethuneAdmin, consortiumId, fundInput({ name: 'Fonds capteurs' })));
		expect(await setFollowing(reader, 'fund', fundId, true)).toEqual({ ok: true });
		const pledge = ok(await enterPledge(neversAgent, nevers, fundId, 100_000_00)).id;
		ok(await approvePledge(proven(neversSigner), pledge, vote('D-2026-7')));
		expect((await followNoticesOf(reader)).map((n) => [n.type, n.params.step, n.link])).toEqual([
			['follow.consortium_step', 'consortium.fund_opened', `/consortia/${consortiumId}`],
			['follow.fund_step', 'pledge.approved', `/funds/${fundId}`]
		]);
		expect((await outboxFor(reader.email)).map((mail) => mail.subject)).toContain(
			'Du nouveau sur le fonds « Fonds capteurs », que vous suivez : Engagement approuvé'
		);

		const other = await activeConsortium(bethune, [nevers], bethuneAdmin);
		expect(await setFollowing(reader, 'consortium', other, true)).toEqual({ ok: true });
		ok(await dissolve(bethuneAdmin, other));
		expect((await followNoticesOf(reader)).at(-1)).toMatchObject({ params: { step: 'consortium.dissolved' }, link: `/consortia/${other}` });
	});

	it('tell a project’s followers of a document added to it, never the one who added it', async () => {
		const created = await createProject(bethuneAdmin, bethune, {
			title: 'Guichet unique',
			summary: 'Un guichet unique.',
			description: '',
			theme: 'public_services',
			estimatedBudget: null,
			departements: ['62'],
			seekingPartners: true
		});
		if (!created.ok) throw new Error(created.code);
		await transitionProject(bethuneAdmin, created.id, 'published');
		for (const person of [reader, bethuneMember]) expect(await setFollowing(person, 'project', created.id, true)).toEqual({ ok: true });
		const pdf = await PDFDocument.create();
		pdf.addPage([300, 200]).drawText('Guide', { x: 20, y: 100, size: 12 });
		const stored = await storeUploadedPdf(new File([Buffer.from(await pdf.save())], 'guide.pdf', { type: 'application/pdf' }));
		if (!stored.ok) throw new Error(stored.code);
		ok(await addProjectDocument(bethuneMember, created.id, stored, { title: 'Guide de mise en œuvre', reusable: true }));
		expect((await followNoticesOf(reader)).at(-1)).toMatchObject({
			type: 'follow.project_step',
			params: { name: 'Guichet unique', step: 'project.document_added' },
			link: `/projects/${created.id}`
		});
		expect((await outboxFor(reader.email)).at(-1)?.subject).toBe('Du nouveau sur le projet « Guichet unique », que vous suivez : Document joint au projet');
		expect(await followNoticesOf(bethuneMember)).toEqual([]);
	});
});
