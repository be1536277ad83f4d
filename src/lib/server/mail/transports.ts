import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../db/schema';
import type { MailMode } from '../config';
import type { AttachmentRenderer, MailTransport, RenderedAttachment } from './outbox';

/** The message's attachments, rendered now; a renderer that fails makes the delivery fail (it is tried again). */
async function rendered(message: OutboxMessage, render: AttachmentRenderer | undefined) {
	const files: RenderedAttachment[] = [];
	for (const ref of message.attachments ?? []) {
		if (!render) {
			console.warn(`mail: ${message.id} names an attachment (${ref.kind}) but no renderer was given; sent without it`);
			continue;
		}
		const file = await render(ref);
		if (file) files.push(file);
	}
	return files;
}

function envelope(from: string, message: OutboxMessage, files: RenderedAttachment[]) {
	return {
		from,
		to: message.recipient,
		subject: message.subject,
		text: message.textBody,
		messageId: `<${message.id}@entente>`,
		attachments: files.map((file) => ({ filename: file.filename, content: Buffer.from(file.content), contentType: file.contentType }))
	};
}

export function smtpTransport(url: string, from: string, render?: AttachmentRenderer): MailTransport {
	const transporter = nodemailer.createTransport(url);
	return {
		async send(message) {
			await transporter.sendMail(envelope(from, message, await rendered(message, render)));
		}
	};
}

/**
 * Without SMTP, each email becomes an .eml file and its subject and links are logged, so a person
 * trying the demo can follow a verification link; each attachment is also written beside it, as a file
 * the person (or a test) can open.
 */
export function fileTransport(dir: string, from: string, log = console.info, render?: AttachmentRenderer): MailTransport {
	const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	return {
		async send(message) {
			const files = await rendered(message, render);
			const info = await transporter.sendMail(envelope(from, message, files));
			await mkdir(dir, { recursive: true });
			const stamp = message.createdAt.toISOString().replace(/[:.]/g, '-');
			for (const file of files) await writeFile(join(dir, `${stamp}-${message.id}-${file.filename.replace(/[^\w.-]/g, '_')}`), file.content);
			await writeFile(join(dir, `${stamp}-${message.id}.eml`), info.message as Buffer);
			const links = message.textBody.match(/https?:\/\/\S+/g) ?? [];
			log(`mail to ${message.recipient}: ${message.subject}${links.map((l) => `\n  ${l}`).join('')}`);
		}
	};
}

export function transportFor(mode: MailMode, from: string, render?: AttachmentRenderer): MailTransport {
	return mode.kind === 'smtp' ? smtpTransport(mode.url, from, render) : fileTransport(mode.dir, from, console.info, render);
}
