import { describe, expect, it } from 'vitest';
import {
	approvalForm,
	mayActForPledger,
	mayApproveOffer,
	mayApprovePledge,
	mayCoordinateFund,
	mayManageOffer,
	mayOfferMatch,
	mayOpenFund,
	mayPledge,
	maySignForFund
} from './policy';

const verifiedCity = { kind: 'city', verificationStatus: 'verified' };
const verifiedPartner = { kind: 'partner', verificationStatus: 'verified' };

describe('who may act on a fund', () => {
	it('lets admins and signatories of the coordinator coordinate, and only signatories sign', () => {
		expect(mayCoordinateFund('admin')).toEqual({ ok: true });
		expect(mayCoordinateFund('signatory')).toEqual({ ok: true });
		expect(mayCoordinateFund('member')).toEqual({ ok: false, code: 'coordinators_only' });
		expect(mayCoordinateFund(null)).toEqual({ ok: false, code: 'coordinators_only' });
		expect(maySignForFund('signatory')).toEqual({ ok: true });
		expect(maySignForFund('admin')).toEqual({ ok: false, code: 'signatories_only' });
		expect(maySignForFund(undefined)).toEqual({ ok: false, code: 'coordinators_only' });
	});

	it('opens a fund only for a coordinator of an active consortium', () => {
		expect(mayOpenFund('admin', 'active')).toEqual({ ok: true });
		expect(mayOpenFund('admin', 'forming')).toEqual({ ok: false, code: 'consortium_not_active' });
		expect(mayOpenFund('member', 'forming')).toEqual({ ok: false, code: 'coordinators_only' });
	});

	it('takes a pledge from a person of a verified member that may pledge', () => {
		expect(mayPledge(verifiedCity, 'member', true)).toEqual({ ok: true });
		expect(mayPledge(verifiedCity, null, true)).toEqual({ ok: false, code: 'forbidden' });
		expect(mayPledge({ kind: 'startup', verificationStatus: 'verified' }, 'admin', true)).toEqual({ ok: false, code: 'not_a_member' });
		expect(mayPledge({ kind: 'city', verificationStatus: 'unverified' }, 'admin', true)).toEqual({ ok: false, code: 'organisation_unverified' });
		expect(mayPledge(verifiedCity, 'admin', false)).toEqual({ ok: false, code: 'not_a_member' });
		expect(mayActForPledger('member')).toEqual({ ok: true });
		expect(mayActForPledger(null)).toEqual({ ok: false, code: 'forbidden' });
	});

	it('asks a second signatory to approve a pledge or an offer', () => {
		expect(mayApprovePledge('signatory')).toEqual({ ok: true });
		expect(mayApprovePledge('signatory', true)).toEqual({ ok: false, code: 'own_pledge' });
		expect(mayApprovePledge('admin')).toEqual({ ok: false, code: 'signatories_only' });
		expect(mayApproveOffer('signatory', false)).toEqual({ ok: true });
		expect(mayApproveOffer('signatory', true)).toEqual({ ok: false, code: 'own_offer' });
		expect(mayApproveOffer('member', false)).toEqual({ ok: false, code: 'signatories_only' });
		expect(approvalForm(mayApprovePledge('signatory', true))).toBe('own');
		expect(approvalForm(mayApprovePledge('member'))).toBe('not_signatory');
		expect(approvalForm(mayApproveOffer('signatory', false))).toBe('form');
	});

	it('takes match offers from admins and signatories of a verified partner only', () => {
		expect(mayOfferMatch(verifiedPartner, 'signatory')).toEqual({ ok: true });
		expect(mayOfferMatch(verifiedPartner, 'member')).toEqual({ ok: false, code: 'forbidden' });
		expect(mayOfferMatch(verifiedCity, 'admin')).toEqual({ ok: false, code: 'partners_only' });
		expect(mayOfferMatch({ kind: 'partner', verificationStatus: 'unverified' }, 'admin')).toEqual({ ok: false, code: 'organisation_unverified' });
		expect(mayManageOffer('admin')).toEqual({ ok: true });
		expect(mayManageOffer('member')).toEqual({ ok: false, code: 'forbidden' });
	});
});
