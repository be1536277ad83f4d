import { and, desc, eq, inArray } from 'drizzle-orm';
import { db, write, type Queryable } from '../db';
import { receivingAccounts, users, type ReceivingAccount, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import type { FundOutcome as Outcome } from './refusals';
import { asCoordinator, peopleOf } from './commands';
import { checkAccount, maskIban, type AccountProblem } from '../../domain/receiving-account';

// The fund's receiving account (four-eyes): the account of the organisation coordinating the fund,
// where members send what is called. One person of that organisation enters it; it is in force only
// once a signatory who did not enter it approves it, and until then no call for funds can be issued.
// A change follows the same path; the account in force stays so until the new one is approved.

export interface AccountInput {
	holder: string;
	iban: string;
	bic: string;
}

export type AccountRefusal = { ok: false; code: 'account_invalid'; problems: Partial<Record<'holder' | 'iban' | 'bic', AccountProblem>> };

/** The account in force and the one awaiting approval, with who entered it, of an organisation. */
export async function receivingAccountOf(organisationId: string, q: Queryable = db()) {
	const rows = await q
		.select({ account: receivingAccounts, enteredByName: users.name })
		.from(receivingAccounts)
		.innerJoin(users, eq(users.id, receivingAccounts.enteredBy))
		.where(and(eq(receivingAccounts.organisationId, organisationId), inArray(receivingAccounts.status, ['approved', 'proposed'])))
		.orderBy(desc(receivingAccounts.enteredAt));
	const current = rows.find((r) => r.account.status === 'approved');
	const pending = rows.find((r) => r.account.status === 'proposed');
	return { current: current?.account ?? null, pending: pending ? { ...pending.account, enteredByName: pending.enteredByName } : null };
}

/** The account in force, if any: what a call needs and what a payment notice names. */
export async function accountInForce(organisationId: string, q: Queryable = db()): Promise<ReceivingAccount | null> {
	const [row] = await q
		.select()
		.from(receivingAccounts)
		.where(and(eq(receivingAccounts.organisationId, organisationId), eq(receivingAccounts.status, 'approved')));
	return row ?? null;
}

/**
 * An admin or a signatory of the coordinating organisation enters the account (or a change of it).
 * A proposal still awaiting approval is superseded by this one: only the latest can be approved.
 */
export async function proposeReceivingAccount(
	user: User,
	fundId: string,
	input: AccountInput,
	now = new Date()
): Promise<Outcome<{ id: string }> | AccountRefusal> {
	const checked = checkAccount(input);
	if (!checked.ok) return { ok: false, code: 'account_invalid', problems: checked.problems };
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const organisationId = coordinator.consortium.coordinatorOrganisationId;
		const { current, pending } = await receivingAccountOf(organisationId, tx);
		if (current && current.iban === checked.iban && current.bic === checked.bic && current.holder === checked.holder)
			return { ok: false, code: 'account_unchanged' };
		if (pending) await tx.update(receivingAccounts).set({ status: 'superseded', endedAt: now }).where(eq(receivingAccounts.id, pending.id));
		const id = newId();
		await tx
			.insert(receivingAccounts)
			.values({ id, organisationId, holder: checked.holder, iban: checked.iban, bic: checked.bic, status: 'proposed', enteredBy: user.id, enteredAt: now });
		await audit(
			tx,
			coordinator.actor,
			current ? 'receiving_account.change_proposed' : 'receiving_account.proposed',
			{ type: 'organisation', id: organisationId },
			{
				accountId: id,
				fundId,
				iban: maskIban(checked.iban),
				bic: checked.bic,
				holder: checked.holder,
				replacesIban: current ? maskIban(current.iban) : null,
				supersedesProposal: pending?.id ?? null
			},
			now
		);
		await notify(
			tx,
			(await peopleOf(tx, [organisationId], ['signatory'])).filter((id) => id !== user.id),
			{
				type: 'fund.account_to_approve',
				params: { fund: coordinator.fund.name },
				link: `/funds/${fundId}/dashboard#receiving-account`
			}
		);
		return { ok: true, id };
	});
}

/**
 * A signatory of the coordinating organisation who did not enter it approves the proposed account,
 * after passing the second factor: it replaces the account in force, if any, for every fund.
 */
export async function approveReceivingAccount(user: SessionUser, fundId: string, accountId: string, now = new Date()): Promise<Outcome> {
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const organisationId = coordinator.consortium.coordinatorOrganisationId;
		const [account] = await tx
			.select()
			.from(receivingAccounts)
			.where(and(eq(receivingAccounts.id, accountId), eq(receivingAccounts.organisationId, organisationId)));
		if (!account) return { ok: false, code: 'not_found' };
		if (coordinator.role !== 'signatory') return { ok: false, code: 'signatories_only' };
		if (account.enteredBy === user.id) return { ok: false, code: 'own_account' };
		if (account.status !== 'proposed') return { ok: false, code: 'invalid_transition' };
		const current = await accountInForce(organisationId, tx);
		if (current) await tx.update(receivingAccounts).set({ status: 'replaced', endedAt: now }).where(eq(receivingAccounts.id, current.id));
		await tx.update(receivingAccounts).set({ status: 'approved', approvedBy: user.id, approvedAt: now }).where(eq(receivingAccounts.id, accountId));
		await audit(
			tx,
			coordinator.actor,
			current ? 'receiving_account.changed' : 'receiving_account.approved',
			{ type: 'organisation', id: organisationId },
			{
				accountId,
				fundId,
				iban: maskIban(account.iban),
				bic: account.bic,
				holder: account.holder,
				enteredBy: account.enteredBy,
				replacedAccountId: current?.id ?? null,
				replacedIban: current ? maskIban(current.iban) : null
			},
			now
		);
		await notify(
			tx,
			(await peopleOf(tx, [organisationId], ['admin', 'signatory'])).filter((id) => id !== user.id),
			{
				type: 'fund.account_approved',
				params: { fund: coordinator.fund.name, iban: maskIban(account.iban) },
				link: `/funds/${fundId}/dashboard#receiving-account`
			}
		);
		return { ok: true };
	});
}
