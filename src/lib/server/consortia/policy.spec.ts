import { describe, expect, it } from 'vitest';
import { mayActForMember, mayCoordinateConsortium, mayCreateConsortium, mayRecordDeliberation, maySignForMember, mayWithdraw } from './policy';

describe('who may act on a consortium', () => {
	it('lets an admin of the coordinator coordinate until the consortium is dissolved', () => {
		expect(mayCoordinateConsortium('admin', 'forming')).toEqual({ ok: true });
		expect(mayCoordinateConsortium('signatory', 'active')).toEqual({ ok: false, code: 'forbidden' });
		expect(mayCoordinateConsortium('admin', 'dissolved')).toEqual({ ok: false, code: 'dissolved' });
	});

	it('lets an admin of a verified city or intercommunality create one', () => {
		expect(mayCreateConsortium({ kind: 'intercommunality', verificationStatus: 'verified' }, 'admin')).toEqual({ ok: true });
		expect(mayCreateConsortium({ kind: 'partner', verificationStatus: 'verified' }, 'admin')).toEqual({ ok: false, code: 'not_a_local_authority' });
		expect(mayCreateConsortium(null, null)).toEqual({ ok: false, code: 'not_a_local_authority' });
		expect(mayCreateConsortium({ kind: 'city', verificationStatus: 'verified' }, 'signatory')).toEqual({ ok: false, code: 'forbidden' });
		expect(mayCreateConsortium({ kind: 'city', verificationStatus: 'unverified' }, 'admin')).toEqual({ ok: false, code: 'organisation_unverified' });
	});

	it("answers for a member through its admin, and records its council's vote through a signatory", () => {
		expect(mayActForMember('admin')).toEqual({ ok: true });
		expect(mayActForMember('signatory')).toEqual({ ok: false, code: 'forbidden' });
		expect(mayWithdraw('admin', false)).toEqual({ ok: true });
		expect(mayWithdraw('admin', true)).toEqual({ ok: false, code: 'coordinator_cannot_withdraw' });
		expect(mayWithdraw('member', false)).toEqual({ ok: false, code: 'forbidden' });
		expect(maySignForMember('signatory')).toEqual({ ok: true });
		expect(mayRecordDeliberation('signatory', 'city')).toEqual({ ok: true });
		expect(mayRecordDeliberation('signatory', 'partner')).toEqual({ ok: false, code: 'no_council' });
		expect(mayRecordDeliberation('admin', 'city')).toEqual({ ok: false, code: 'signatories_only' });
	});
});
