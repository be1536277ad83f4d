// A consortium's threads, among its CURRENT members (who joins later reads them, who leaves reads them no more),
// and PDFs joined to messages, downloadable only by the thread's members, through the real routes.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { auditEvents, consortia, consortiumMembers, type User } from '$lib/server/db/schema';
import { createSession } from '$lib/server/auth/sessions';
import { newId } from '$lib/server/auth/tokens';
import { postMessage, startConsortiumConversation } from '$lib/server/conversations/commands';
import { conversationAccess } from '$lib/server/conversations/policy';
import { conversationsOf, messagesOf, unreadConversationCount } from '$lib/server/conversations/queries';
import { answerInvitation } from '$lib/server/consortia/invitations';
import { withdraw } from '$lib/server/consortia/membership';
import { MAX_SUBJECT_LENGTH } from '$lib/domain/conversations';
import * as newMessage from '../../src/routes/(app)/messages/new/+page.server';
import * as thread from '../../src/routes/(app)/messages/[id=id]/+page.server';
import * as download from '../../src/routes/(app)/messages/[id=id]/attachments/[messageId=id]/+server';
import { countRows, createUser, outboxFor, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';
import { callRoute } from './route-harness';

const uploadDir = mkdtempSync(join(tmpdir(), 'entente-message-files-'));
process.env.UPLOAD_DIR = uploadDir;
useTestDatabase();

let bethuneAdmin: User, bethuneMember: User, cahorsAdmin: User, neversAdmin: User, lavalAdmin: User, platformAdmin: User;
let bethune: string, cahors: string, nevers: string, laval: string, consortium: string;
const memberRows = new Map<string, string>();
const tokens = new Map<string, string>();

async function realPdf(text: string) {
	const document = await PDFDocument.create();
	document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
	return new Uint8Array(await document.save());
}

async function tokenOf(user: User) {
	if (!tokens.has(user.id)) tokens.set(user.id, (await write((tx) => createSession(tx, user.id))).token);
	return tokens.get(user.id)!;
}

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, cahorsAdmin, neversAdmin, lavalAdmin] = await Promise.all(Array.from({ length: 5 }, () => createUser()));
	platformAdmin = await createUser({ platformAdmin: true });
	bethune = await organisation(
		'city',
		'Béthune',
		[
			[bethuneAdmin, 'admin'],
			[bethuneMember, 'member']
		],
		{ inseeCode: '62119' }
	);
	cahors = await organisation('city', 'Cahors', [[cahorsAdmin, 'admin']], { inseeCode: '46042' });
	nevers = await organisation('city', 'Nevers', [[neversAdmin, 'admin']], { inseeCode: '58194' });
	laval = await organisation('city', 'Laval', [[lavalAdmin, 'admin']], { inseeCode: '53130' });
	consortium = newId();
	const now = new Date();
	await write(async (tx) => {
		await tx.insert(consortia).values({
			id: consortium,
			name: 'Guichets unis',
			purpose: 'Ensemble',
			coordinatorOrganisationId: bethune,
			minMembers: 2,
			minDepartements: 1,
			createdBy: bethuneAdmin.id,
			createdAt: now,
			updatedAt: now
		});
		const members: [string, 'council_approved' | 'accepted' | 'invited'][] = [
			[bethune, 'council_approved'],
			[cahors, 'accepted'],
			[nevers, 'accepted'],
			[laval, 'invited']
		];
		for (const [organisationId, status] of members) {
			const id = newId();
			memberRows.set(organisationId, id);
			await tx
				.insert(consortiumMembers)
				.values({ id, consortiumId: consortium, organisationId, invitedName: organisationId, status, invitedBy: bethuneAdmin.id, invitedAt: now });
		}
	});
});

let conversation: string;

describe('a consortium thread', () => {
	it('is refused to an organisation only invited, to the platform admin, and without a subject or a message, changing nothing', async () => {
		expect(await startConsortiumConversation(lavalAdmin, consortium, laval, 'Calendrier', 'Bonjour')).toEqual({ ok: false, code: 'not_a_consortium_member' });
		expect(await startConsortiumConversation(platformAdmin, consortium, null, 'Calendrier', 'Bonjour')).toEqual({
			ok: false,
			code: 'not_a_consortium_member'
		});
		expect(await startConsortiumConversation(cahorsAdmin, consortium, cahors, '  ', 'Bonjour')).toEqual({ ok: false, code: 'subject_empty' });
		expect(await startConsortiumConversation(cahorsAdmin, consortium, cahors, 'x'.repeat(MAX_SUBJECT_LENGTH + 1), 'Bonjour')).toEqual({
			ok: false,
			code: 'subject_too_long'
		});
		expect(await startConsortiumConversation(cahorsAdmin, consortium, cahors, 'Calendrier', ' ')).toEqual({ ok: false, code: 'empty' });
		expect(await startConsortiumConversation(cahorsAdmin, 'no-such-consortium', cahors, 'Calendrier', 'Bonjour')).toEqual({ ok: false, code: 'not_found' });
		// The page says the same as the command: who is not a current member finds no form.
		expect(await callRoute({ token: await tokenOf(lavalAdmin), path: `/messages/new?consortium=${consortium}` }, newMessage.load)).toMatchObject({
			kind: 'error',
			status: 404
		});
		expect(await countRows('conversations')).toBe(0);
	});

	it('is started by a current member with a PDF, tells the other current members by mail, audits without the text', async () => {
		const form = new FormData();
		form.set('subject', 'Calendrier des délibérations');
		form.set('body', 'Voici le calendrier proposé.');
		form.set('attachment', new File([Buffer.from(await realPdf('Calendrier'))], 'calendrier.pdf', { type: 'application/pdf' }));
		const sent = await callRoute({ token: await tokenOf(cahorsAdmin), path: `/messages/new?consortium=${consortium}`, form }, newMessage.actions.default);
		expect(sent).toMatchObject({ kind: 'redirect', status: 303 });
		conversation = (sent as { location: string }).location.split('/').at(-1)!;
		const [message] = await messagesOf(conversation);
		expect(message).toMatchObject({ organisationName: 'Cahors', body: 'Voici le calendrier proposé.', attachmentName: 'calendrier.pdf' });
		for (const person of [bethuneAdmin, bethuneMember, neversAdmin]) {
			expect((await outboxFor(person.email)).map((m) => m.subject)).toContain('Nouveau message de Cahors : « Calendrier des délibérations »');
		}
		expect(await outboxFor(lavalAdmin.email)).toEqual([]);
		expect(await outboxFor(cahorsAdmin.email)).toEqual([]);
		const events = await db().select().from(auditEvents).where(eq(auditEvents.objectId, conversation));
		expect(events.map((e) => e.action).sort()).toEqual(['conversation.message_posted', 'conversation.started']);
		expect(JSON.stringify(events.map((e) => e.details))).not.toContain('calendrier proposé');

		const [listed] = await conversationsOf(bethuneMember.id);
		expect(listed).toMatchObject({ id: conversation, consortiumId: consortium, unread: 1 });
		expect(listed.parties.map((p) => p.name)).toEqual(['Béthune', 'Cahors', 'Nevers']);
		expect(await unreadConversationCount(neversAdmin.id)).toBe(1);
	});

	it('lets its members download the PDF, and no one else (the platform admin included)', async () => {
		const [message] = await messagesOf(conversation);
		const get = async (user: User) =>
			callRoute(
				{ token: await tokenOf(user), path: `/messages/${conversation}/attachments/${message.id}`, params: { id: conversation, messageId: message.id } },
				download.GET
			);
		const got = await get(neversAdmin);
		expect(got.kind).toBe('ok');
		const response = (got as { data: Response }).data;
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
		for (const outsider of [lavalAdmin, platformAdmin]) expect(await get(outsider)).toMatchObject({ kind: 'error', status: 404 });
		// A message id of another conversation, or without a file, is no attachment of this one.
		expect(
			await callRoute({ token: await tokenOf(neversAdmin), path: '/x', params: { id: conversation, messageId: 'nosuchmessage' } }, download.GET)
		).toMatchObject({ kind: 'error', status: 404 });
	});

	it('refuses a file that is not a PDF, keeping the message typed and storing nothing', async () => {
		const before = readdirSync(uploadDir).length;
		const form = new FormData();
		form.set('body', 'Et la convention ?');
		form.set('attachment', new File(['<html>not a pdf</html>'], 'convention.pdf', { type: 'application/pdf' }));
		const refused = await callRoute(
			{ token: await tokenOf(bethuneAdmin), path: `/messages/${conversation}?/send`, params: { id: conversation }, form },
			thread.actions.send
		);
		expect(refused).toMatchObject({ kind: 'fail', status: 400, data: { values: { body: 'Et la convention ?' }, errors: { attachment: expect.any(String) } } });
		expect(readdirSync(uploadDir).length).toBe(before);
		expect(await messagesOf(conversation)).toHaveLength(1);
	});

	it('follows the consortium’s current members: an organisation that withdraws loses it, one that accepts gains it', async () => {
		expect(await withdraw(neversAdmin, memberRows.get(nevers)!, 'Changement de priorités')).toMatchObject({ ok: true });
		expect(await conversationAccess(db(), neversAdmin.id, conversation, nevers)).toBeNull();
		expect(await conversationsOf(neversAdmin.id)).toEqual([]);
		expect(await unreadConversationCount(neversAdmin.id)).toBe(0);
		expect(await postMessage(neversAdmin, conversation, nevers, 'Encore là ?')).toEqual({ ok: false, code: 'not_found' });
		const [message] = await messagesOf(conversation);
		expect(
			await callRoute(
				{
					token: await tokenOf(neversAdmin),
					path: `/messages/${conversation}/attachments/${message.id}`,
					params: { id: conversation, messageId: message.id }
				},
				download.GET
			)
		).toMatchObject({ kind: 'error', status: 404 });

		expect(await answerInvitation(lavalAdmin, memberRows.get(laval)!, true)).toMatchObject({ ok: true });
		expect(await conversationAccess(db(), lavalAdmin.id, conversation, laval)).toMatchObject({ party: laval });
		const before = (await outboxFor(neversAdmin.email)).length;
		expect(await postMessage(bethuneAdmin, conversation, bethune, 'Bienvenue à Laval.')).toMatchObject({ ok: true });
		expect((await outboxFor(lavalAdmin.email)).map((m) => m.subject)).toContain('Nouveau message de Béthune : « Calendrier des délibérations »');
		expect(await outboxFor(neversAdmin.email)).toHaveLength(before);
		const [listed] = await conversationsOf(lavalAdmin.id);
		expect(listed.parties.map((p) => p.name)).toEqual(['Béthune', 'Cahors', 'Laval']);
		const stillThere = await db()
			.select()
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, consortium), eq(consortiumMembers.organisationId, nevers)));
		expect(stillThere[0].status).toBe('withdrawn');
	});
});
