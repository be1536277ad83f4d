import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '$lib/server/db/schema';
import { writeGeneration } from '$lib/server/db/write-lock';
import { closeDueCalls, createCall, moveCall, publishCall, setEvaluator } from '$lib/server/calls/commands';
import { saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { declareConflict, decideResponse, scoreResponse } from '$lib/server/calls/evaluation';
import { callDetails } from '$lib/server/calls/queries';
import { awardOf, callsWonBy, selectedScores } from '$lib/server/calls/award';
import { profileOf, updateProfile } from '$lib/server/organisations/profiles';
import { publicCall, publicCallsPage } from '$lib/server/calls/api';
import { savedSearchFeed } from '$lib/server/alerts/feeds';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import type { ResponseInput } from '$lib/schemas/calls';
import { createUser, useTestDatabase } from './support';
import { callInput, DAY, organisation } from './fixtures-calls';

enableQueryCounting();
useTestDatabase();

let cityAdmin: User, evaluator: User, founders: User[];
let city: string, startups: string[];

const answer = (price: number): ResponseInput => ({ proposal: 'Une proposition', price, durationMonths: 6, team: 'Une équipe', references: '' });

beforeAll(async () => {
	[cityAdmin, evaluator, ...founders] = await Promise.all([createUser(), createUser(), createUser(), createUser(), createUser(), createUser()]);
	city = await organisation('city', 'lens', [
		[cityAdmin, 'admin'],
		[evaluator, 'member']
	]);
	startups = await Promise.all(['AirSens', 'Capteo', 'Brouillonne', 'Retirée'].map((name, i) => organisation('startup', name, [[founders[i], 'admin']])));
});

describe('the award notice', () => {
	it('shows nothing before the decision, then the selected response, its amount and how many answered; each startup compares with the winner', async () => {
		const created = await createCall(
			cityAdmin,
			city,
			callInput({
				title: 'Capteurs de qualité de l’air',
				criteria: [
					{ label: 'Qualité technique', weight: 70 },
					{ label: 'Prix', weight: 30 }
				]
			})
		);
		if (!created.ok) throw new Error(created.code);
		const callId = created.id;
		await publishCall(cityAdmin, callId);
		const ids: string[] = [];
		for (const [i, price] of [48_000_00, 55_000_00, 30_000_00, 40_000_00].entries()) {
			const saved = await saveResponse(founders[i], callId, startups[i], answer(price), null);
			if (!saved.ok) throw new Error(saved.code);
			ids.push(saved.id);
		}
		await submitResponse(founders[0], ids[0]);
		await submitResponse(founders[1], ids[1]);
		await submitResponse(founders[3], ids[3]);
		await withdrawResponse(founders[3], ids[3]);
		await setEvaluator(cityAdmin, callId, evaluator.id, true);

		expect((await publicCall(callId))?.award).toBeNull();
		const closesAt = (await callDetails(callId))!.call.closesAt;
		// Before its deadline nothing is due: the periodic job looks and leaves without taking the write lock.
		const generation = writeGeneration();
		expect(await closeDueCalls(new Date(closesAt.getTime() - 1))).toBe(0);
		expect(writeGeneration()).toBe(generation);
		expect((await callDetails(callId))!.call.status).toBe('open');
		expect(await closeDueCalls(new Date(closesAt.getTime() + 1))).toBeGreaterThanOrEqual(1);
		expect(writeGeneration()).toBeGreaterThan(generation);
		const criteria = (await callDetails(callId))!.criteria;
		for (const [i, score] of [
			[0, 4],
			[1, 3]
		] as const) {
			await declareConflict(evaluator, ids[i], false);
			expect(
				await scoreResponse(
					evaluator,
					ids[i],
					criteria.map((c) => ({ criterionId: c.id, score, comment: '' }))
				)
			).toEqual({ ok: true });
		}
		expect(await decideResponse(cityAdmin, ids[0], 'selected', 'La meilleure qualité technique.')).toEqual({ ok: true });
		expect(await decideResponse(cityAdmin, ids[1], 'rejected', 'Moins précis.')).toEqual({ ok: true });
		// Evaluated and decided response by response, but not yet declared decided: still nothing public.
		expect((await publicCall(callId))?.award).toBeNull();
		expect(await awardOf((await callDetails(callId))!.call)).toBeNull();
		const listed = async (id: string) => (await publicCallsPage({}, 100, 0)).data.find((c) => c.id === id);
		expect((await listed(callId))?.award).toBeNull();
		expect(await callsWonBy(startups[0])).toEqual([]); // selected, but not yet declared: not public

		expect(await moveCall(cityAdmin, callId, 'decided')).toEqual({ ok: true });
		const api = (await publicCall(callId))!;
		expect(api.award).toEqual({
			decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			responses: 2,
			selected: [{ organisationId: startups[0], name: 'AirSens', amountCents: 48_000_00 }]
		});
		// The winner's public profile lists the call it won; the others' list nothing.
		expect(await callsWonBy(startups[0])).toEqual([
			{ callId, title: 'Capteurs de qualité de l’air', decidedAt: expect.any(Date), publisher: 'lens', amountCents: 48_000_00 }
		]);
		for (const other of startups.slice(1)) expect(await callsWonBy(other)).toEqual([]);
		// The list says the same as the detail, call by call.
		expect((await listed(callId))?.award).toEqual(api.award);
		// Never a draft, a withdrawn response, a rejected one's price or a justification.
		const text = JSON.stringify(api);
		for (const hidden of ['Brouillonne', 'Retirée', 'Capteo', 'Moins précis', '5500000']) expect(text).not.toContain(hidden);

		const award = (await awardOf((await callDetails(callId))!.call))!;
		expect(await selectedScores(callId, award)).toEqual([{ name: 'AirSens', mean: 4 }]);

		// A second call decided with nobody selected: its notice in the list is its own, not the first's.
		const otherOpens = new Date(Date.now() - DAY);
		const other = await createCall(cityAdmin, city, {
			title: 'Éclairage public',
			challenge: 'Éclairer.',
			theme: 'energy_environment',
			budget: 20_000_00,
			durationMonths: 6,
			legalFrame: 'experimentation_convention',
			opensAt: otherOpens,
			closesAt: new Date(otherOpens.getTime() + 30 * DAY),
			consortiumId: null,
			audience: 'startups',
			eligibility: null,
			criteria: [{ label: 'Prix', weight: 100 }]
		});
		if (!other.ok) throw new Error(other.code);
		await publishCall(cityAdmin, other.id);
		await closeDueCalls(new Date(Date.now() + 40 * DAY));
		expect(await moveCall(cityAdmin, other.id, 'evaluating')).toEqual({ ok: true });
		expect(await moveCall(cityAdmin, other.id, 'decided')).toEqual({ ok: true });
		const page = (await publicCallsPage({ status: 'decided' }, 100, 0)).data;
		expect(page.find((c) => c.id === other.id)?.award).toEqual({ decidedAt: expect.any(String), responses: 0, selected: [] });
		expect(page.find((c) => c.id === callId)?.award).toEqual(api.award);
		expect((await publicCall(other.id))?.award).toEqual(page.find((c) => c.id === other.id)?.award);

		// The notice is in the Atom feeds too, each call with its own; and a feed reads every notice of its
		// page in one query: two decided calls cost the database what one costs.
		const feedOf = (query: string) =>
			countQueries(() => savedSearchFeed({ target: 'calls', query, label: '', token: 'jeton' }, 'https://entente.example', 'fr'));
		const one = await feedOf('status=decided&theme=energy_environment');
		const both = await feedOf('status=decided');
		expect(one.result.match(/<entry>/g)).toHaveLength(1);
		expect(both.result.match(/<entry>/g)).toHaveLength(2);
		expect(both.result).toMatch(/Attribué à AirSens \(48\s000,00\s€\) ; 2 réponses examinées\./);
		// A call decided with nobody selected says so, not "Attribué à — ; 0 réponse examinée".
		expect(both.result).toContain('Sans suite : aucune réponse n’a été reçue.');
		expect(both.result).not.toContain('Attribué à —');
		const english = await savedSearchFeed({ target: 'calls', query: 'status=decided', label: '', token: 'jeton' }, 'https://entente.example', 'en');
		expect(english).toContain('No award: no response was received.');
		expect(english).toMatch(/Awarded to AirSens \(€48,000\.00\); 2 responses considered\./);
		expect(both.result).not.toContain('Capteo');
		expect(both.queries).toBe(one.queries);
		expect(both.queries).toBeLessThanOrEqual(5);
	});
});

describe('a startup’s public profile', () => {
	it('keeps the references a startup gives, never a city’s', async () => {
		const base = {
			description: '',
			website: 'https://airsens.example',
			contactEmail: null,
			contactPhone: null,
			referentName: null,
			referentRole: null,
			referentEmail: null,
			referentPhone: null,
			removeLogo: false
		};
		expect(await updateProfile(founders[0], startups[0], { ...base, references: 'Capteurs posés à Lille (2025).' }, null)).toEqual({ ok: true });
		expect((await profileOf(startups[0]))?.references).toBe('Capteurs posés à Lille (2025).');
		expect(await updateProfile(cityAdmin, city, { ...base, references: 'Une ville n’en a pas.' }, null)).toEqual({ ok: true });
		expect((await profileOf(city))?.references).toBe('');
		// Someone else's startup: refused.
		expect(await updateProfile(founders[1], startups[0], { ...base, references: 'Pirate' }, null)).toEqual({ ok: false, code: 'forbidden' });
	});
});
