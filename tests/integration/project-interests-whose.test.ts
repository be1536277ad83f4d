// A pending request to join or replicate a project says whose it is, on the requester's side as on the
// owner's (who keeps the buttons to accept or refuse it).
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import ProjectRapprochements from '../../src/routes/(public)/projects/[id=id]/project-rapprochements.svelte';

const interest = {
	id: 'interest1',
	kind: 'join' as const,
	status: 'requested',
	message: 'Cahors ouvre le même accueil en 2027.',
	requestedAt: new Date(Date.UTC(2026, 10, 2, 11)),
	organisationName: 'Cahors',
	organisationSlug: 'cahors',
	replicaProjectId: null
};
const base = {
	tree: [],
	original: null,
	replicationCount: 0,
	pending: [],
	own: [],
	refusal: null,
	actingName: 'Cahors',
	ownProjects: [],
	reuse: { reusableParts: [] },
	pendingOriginal: null,
	canFormConsortium: false
};
const textOf = (html: string) =>
	html
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();

describe('a pending co-proposer request', () => {
	it('names the requesting organisation to the city that asked', () => {
		const { body } = render(ProjectRapprochements, { props: { projectId: 'p1', partners: [], r: { ...base, own: [interest] }, form: null } });
		expect(textOf(body)).toContain('Cahors demande à rejoindre le projet comme co-porteur En attente de réponse');
		expect(body).toContain('href="/organisations/cahors"');
	});

	it('names it to the owner, beside the buttons to accept or refuse it', () => {
		const { body } = render(ProjectRapprochements, {
			props: { projectId: 'p1', partners: [], r: { ...base, refusal: 'own_project', actingName: 'Béthune', pending: [interest] }, form: null }
		});
		const text = textOf(body);
		expect(text).toContain('Cahors demande à rejoindre le projet comme co-porteur');
		expect(text).toContain('Accepter Cahors');
		expect(text).toContain('Décliner Cahors');
	});
});
