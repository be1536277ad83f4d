import { describe, expect, it } from 'vitest';
import { conversationParty, conversationSubject, messageBody, MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH } from './conversations';

describe('conversations', () => {
	it('are read and written as a party the person is a current member of, the acting one first', () => {
		expect(conversationParty(['cahors', 'bethune'], ['bethune'], null)).toBe('bethune');
		expect(conversationParty(['cahors', 'bethune'], ['cahors', 'bethune'], 'bethune')).toBe('bethune');
		expect(conversationParty(['cahors', 'bethune'], ['cahors', 'bethune'], 'laval')).toBe('cahors');
		expect(conversationParty(['cahors', 'bethune'], ['laval'], 'laval')).toBeNull();
		expect(conversationParty(['cahors', 'bethune'], [], null)).toBeNull();
	});

	it('take a message of one to the maximum number of characters, trimmed', () => {
		expect(messageBody('  Bonjour  ')).toEqual({ ok: true, body: 'Bonjour' });
		expect(messageBody(' \n ')).toEqual({ ok: false, code: 'empty' });
		expect(messageBody('a'.repeat(MAX_MESSAGE_LENGTH))).toMatchObject({ ok: true });
		expect(messageBody('a'.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ ok: false, code: 'too_long' });
		// Spaces count too: the bound comes before the trim.
		expect(messageBody(' '.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ ok: false, code: 'too_long' });
	});

	it("take a consortium thread's subject up to the maximum, trimmed", () => {
		expect(conversationSubject('  Calendrier ')).toEqual({ ok: true, subject: 'Calendrier' });
		expect(conversationSubject('   ')).toEqual({ ok: false, code: 'subject_empty' });
		expect(conversationSubject('a'.repeat(MAX_SUBJECT_LENGTH))).toMatchObject({ ok: true });
		expect(conversationSubject(' '.repeat(MAX_SUBJECT_LENGTH + 1))).toEqual({ ok: false, code: 'subject_too_long' });
	});
});
