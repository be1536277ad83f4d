// Conversations between two organisations that want to work together: who reads and writes, refusals,
// notifications by mail through the outbox, unread counts, audit without the text.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { auditEvents, memberships, type User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { requestInterest } from '$lib/server/partners/interests';
import { markConversationRead, postMessage, startConversationFromInterest } from '$lib/server/conversations/commands';
import { conversationAccess } from '$lib/server/conversations/policy';
import { conversationsOf, messagesOf, unreadConversationCount } from '$lib/server/conversations/queries';
import { MAX_MESSAGE_LENGTH } from '$lib/domain/conversations';
import { countRows, createUser, outboxFor, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

let bethuneAdmin: User, bethuneMember: User, cahorsAdmin: User, cahorsLeaver: User, lavalAdmin: User, platformAdmin: User;
let bethune: string, cahors: string, laval: string, interest: string;

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, cahorsAdmin, cahorsLeaver, lavalAdmin] = await Promise.all(Array.from({ length: 5 }, () => createUser()));
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
	cahors = await organisation(
		'city',
		'Cahors',
		[
			[cahorsAdmin, 'admin'],
			[cahorsLeaver, 'member']
		],
		{ inseeCode: '46042' }
	);
	laval = await organisation('city', 'Laval', [[lavalAdmin, 'admin']], { inseeCode: '53130' });
	const created = await createProject(bethuneAdmin, bethune, {
		title: 'Guichet unique',
		summary: 'Un guichet unique pour les démarches.',
		description: '',
		theme: 'public_services',
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	await transitionProject(bethuneAdmin, created.id, 'published');
	const asked = await requestInterest(cahorsAdmin, cahors, created.id, 'join');
	if (!asked.ok) throw new Error(asked.code);
	interest = asked.id;
});

let conversation: string;

describe('a conversation started from a partner request', () => {
	it('is refused to anyone outside the two organisations, and to an empty or too long message, changing nothing', async () => {
		expect(await startConversationFromInterest(lavalAdmin, interest, laval, 'Bonjour')).toEqual({ ok: false, code: 'not_a_party' });
		expect(await startConversationFromInterest(platformAdmin, interest, null, 'Bonjour')).toEqual({ ok: false, code: 'not_a_party' });
		expect(await startConversationFromInterest(cahorsAdmin, interest, cahors, '   ')).toEqual({ ok: false, code: 'empty' });
		expect(await startConversationFromInterest(cahorsAdmin, interest, cahors, 'x'.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ ok: false, code: 'too_long' });
		expect(await startConversationFromInterest(cahorsAdmin, 'no-such-request', cahors, 'Bonjour')).toEqual({ ok: false, code: 'not_found' });
		expect(await countRows('conversations')).toBe(0);
		expect(await countRows('messages')).toBe(0);
	});

	it('is started by a member of either organisation, tells every other member by mail, and audits without the text', async () => {
		const started = await startConversationFromInterest(cahorsAdmin, interest, cahors, '  Bonjour, pouvons-nous en parler ?  ');
		if (!started.ok) throw new Error(started.code);
		conversation = started.conversationId;
		const thread = await messagesOf(conversation);
		expect(thread.map((t) => [t.organisationName, t.body])).toEqual([['Cahors', 'Bonjour, pouvons-nous en parler ?']]);
		for (const person of [bethuneAdmin, bethuneMember, cahorsLeaver]) {
			const mails = await outboxFor(person.email);
			expect(mails.map((m) => m.subject)).toContain('Nouveau message de Cahors : « Guichet unique »');
			expect(mails.at(-1)?.textBody).toContain(`/messages/${conversation}`);
		}
		expect(await outboxFor(cahorsAdmin.email)).toEqual([]);
		expect(await outboxFor(lavalAdmin.email)).toEqual([]);
		const events = await db().select().from(auditEvents).where(eq(auditEvents.objectId, conversation));
		expect(events.map((e) => e.action).sort()).toEqual(['conversation.message_posted', 'conversation.started']);
		expect(JSON.stringify(events.map((e) => e.details))).not.toContain('Bonjour');

		// The other side's second message goes to the same thread, however it is started.
		const again = await startConversationFromInterest(bethuneMember, interest, bethune, 'Avec plaisir.');
		expect(again).toEqual({ ok: true, conversationId: conversation });
		expect((await messagesOf(conversation)).map((t) => t.organisationName)).toEqual(['Cahors', 'Béthune']);
	});

	it('is read and written only by current members of the two organisations (one predicate for page and command)', async () => {
		expect(await conversationAccess(db(), bethuneAdmin.id, conversation, null)).toMatchObject({ party: bethune });
		expect(await conversationAccess(db(), lavalAdmin.id, conversation, laval)).toBeNull();
		expect(await conversationAccess(db(), platformAdmin.id, conversation, null)).toBeNull();
		expect(await postMessage(lavalAdmin, conversation, laval, 'Je m’invite')).toEqual({ ok: false, code: 'not_found' });
		expect(await postMessage(cahorsLeaver, conversation, cahors, 'Encore moi')).toMatchObject({ ok: true });

		// Once out of Cahors, a person reads and writes nothing more there.
		await write((tx) => tx.delete(memberships).where(eq(memberships.userId, cahorsLeaver.id)));
		expect(await conversationAccess(db(), cahorsLeaver.id, conversation, null)).toBeNull();
		expect(await postMessage(cahorsLeaver, conversation, cahors, 'Toujours là ?')).toEqual({ ok: false, code: 'not_found' });
		expect(await conversationsOf(cahorsLeaver.id)).toEqual([]);
		expect((await messagesOf(conversation)).map((t) => t.body)).not.toContain('Toujours là ?');
	});

	it('counts unread conversations until they are opened', async () => {
		expect(await unreadConversationCount(bethuneAdmin.id)).toBe(1);
		const [listed] = await conversationsOf(bethuneAdmin.id);
		expect(listed).toMatchObject({ id: conversation, subject: 'Guichet unique', unread: 3 });
		expect(listed.parties.map((p) => p.name)).toEqual(['Béthune', 'Cahors']);
		await markConversationRead(bethuneAdmin.id, conversation);
		expect(await unreadConversationCount(bethuneAdmin.id)).toBe(0);
		expect(await unreadConversationCount(lavalAdmin.id)).toBe(0);
		await postMessage(cahorsAdmin, conversation, cahors, 'Une dernière chose.');
		expect(await unreadConversationCount(bethuneAdmin.id)).toBe(1);
		expect(await unreadConversationCount(cahorsAdmin.id)).toBe(0);
	});
});
