import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../db/schema';
import type { MailMode } from '../config';
import type { MailTransport } from './outbox';

function envelope(from: string, message: OutboxMessage) {
	return {
		from,
		to: message.recipient,
		subject: message.subject,
		text: message.textBody,
		messageId: `<${message.id}@entente>`
	};
}

export function smtpTransport(url: string, from: string): MailTransport {
	const transporter = nodemailer.createTransport(url);
	return {
		async send(message) {
			await transporter.sendMail(envelope(from, message));
		}
	};
}

/**
 * Without SMTP, each email becomes an .eml file and its subject and links are logged, so a person
 * trying the demo can follow a verification link.
 */
export function fileTransport(dir: string, from: string, log = console.info): MailTransport {
	const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	return {
		async send(message) {
			const info = await transporter.sendMail(envelope(from, message));
			await mkdir(dir, { recursive: true });
			const stamp = message.createdAt.toISOString().replace(/[:.]/g, '-');
			await writeFile(join(dir, `${stamp}-${message.id}.eml`), info.message as Buffer);
			const links = message.textBody.match(/https?:\/\/\S+/g) ?? [];
			log(`mail to ${message.recipient}: ${message.subject}${links.map((l) => `\n  ${l}`).join('')}`);
		}
	};
}

export function transportFor(mode: MailMode, from: string): MailTransport {
	return mode.kind === 'smtp' ? smtpTransport(mode.url, from) : fileTransport(mode.dir, from);
}
