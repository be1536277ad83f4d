import { describe, expect, it } from 'vitest';
import { checkRules, compareDepartements, consortiumStatusFor, deliberationProblem, type MemberPlaces } from './consortia';

const city = (id: string, departement: string, region: string, status: MemberPlaces['status'] = 'council_approved'): MemberPlaces => ({
	organisationId: id,
	kind: 'city',
	status,
	departements: [departement],
	regions: [region]
});

const settings = { minMembers: 3, minDepartements: 2, allowedRegions: [] as string[] };

describe('consortium rules', () => {
	it('count current members and the distinct départements they cover', () => {
		const report = checkRules(settings, [city('beauvais', '60', '32'), city('compiegne', '60', '32'), city('laon', '02', '32')]);
		expect(report.members).toEqual({ holds: true, count: 3, required: 3 });
		expect(report.departements).toEqual({ holds: true, covered: ['02', '60'], required: 2 });
		expect(report.holds).toBe(true);
	});

	it('ignore invited, declined, withdrawn and cancelled members', () => {
		const report = checkRules(settings, [
			city('a', '60', '32'),
			city('b', '02', '32', 'invited'),
			city('c', '58', '27', 'declined'),
			city('d', '62', '32', 'withdrawn'),
			city('e', '53', '52', 'cancelled')
		]);
		expect(report.members.count).toBe(1);
		expect(report.departements.covered).toEqual(['60']);
		expect(report.holds).toBe(false);
	});

	it('count every département an EPCI spans', () => {
		const epci: MemberPlaces = {
			organisationId: 'cc',
			kind: 'intercommunality',
			status: 'council_approved',
			departements: ['01', '74'],
			regions: ['84', '84']
		};
		const report = checkRules({ ...settings, minMembers: 2 }, [epci, city('a', '01', '84')]);
		expect(report.departements).toEqual({ holds: true, covered: ['01', '74'], required: 2 });
	});

	it('count overseas départements like the others', () => {
		const report = checkRules({ ...settings, minMembers: 2 }, [city('fdf', '972', '02'), city('cayenne', '973', '03')]);
		expect(report.departements.covered).toEqual(['972', '973']);
		expect(report.holds).toBe(true);
	});

	it('name members outside the allowed régions', () => {
		const report = checkRules({ ...settings, minMembers: 2, allowedRegions: ['32'] }, [city('a', '60', '32'), city('nevers', '58', '27')]);
		expect(report.regions).toEqual({ holds: false, allowed: ['32'], outside: ['nevers'] });
		expect(report.holds).toBe(false);
	});

	it('are active only when the rules hold and every city has its council approval', () => {
		const pending = checkRules(settings, [city('a', '60', '32'), city('b', '02', '32'), city('c', '62', '32', 'accepted')]);
		expect(pending.holds).toBe(true);
		expect(pending.pendingApproval).toEqual(['c']);
		expect(consortiumStatusFor('forming', pending)).toBe('forming');
		const approved = checkRules(settings, [city('a', '60', '32'), city('b', '02', '32'), city('c', '62', '32')]);
		expect(consortiumStatusFor('forming', approved)).toBe('active');
		expect(consortiumStatusFor('dissolved', approved)).toBe('dissolved');
	});

	it('do not wait for a council vote from a partner', () => {
		const partner: MemberPlaces = { organisationId: 'bank', kind: 'partner', status: 'accepted', departements: [], regions: [] };
		const report = checkRules(settings, [city('a', '60', '32'), city('b', '02', '32'), partner]);
		expect(report.allApproved).toBe(true);
		expect(report.members.count).toBe(3);
	});
});

describe('départements order', () => {
	it('follows the official list', () => {
		expect(['971', '2B', '02', '21', '2A', '95'].sort(compareDepartements)).toEqual(['02', '2A', '2B', '21', '95', '971']);
	});
});

describe('délibérations', () => {
	const now = new Date('2026-11-28T12:00:00Z');
	it('may be dated today in France, whatever the hour', () => {
		const earlyMorning = new Date('2026-11-28T06:30:00Z');
		expect(deliberationProblem('2026-114', new Date('2026-11-28T12:00:00Z'), earlyMorning)).toBeNull();
		expect(deliberationProblem('2026-114', new Date('2026-11-29T12:00:00Z'), new Date('2026-11-28T23:30:00Z'))).toBeNull();
		expect(deliberationProblem('2026-114', new Date('2026-11-29T12:00:00Z'), earlyMorning)).toBe('in_future');
	});
	it('are dated today or earlier', () => {
		expect(deliberationProblem('2026-114', new Date('2026-11-20'), now)).toBeNull();
		expect(deliberationProblem('2026-114', new Date('2026-12-01'), now)).toBe('in_future');
		expect(deliberationProblem('2026-114', new Date('2010-01-01'), now)).toBe('too_old');
	});
	it('have a readable number', () => {
		expect(deliberationProblem('DEL/2026/12', new Date('2026-11-20'), now)).toBeNull();
		expect(deliberationProblem('', new Date('2026-11-20'), now)).toBe('number_format');
		expect(deliberationProblem('<script>', new Date('2026-11-20'), now)).toBe('number_format');
	});
});
