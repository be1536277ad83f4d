import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { CONSORTIUM_HISTORY_PAGE, PICKER_RESULTS, consortiumDetails, invitableOrganisations, linkableProjects } from '$lib/server/consortia/queries';
import {
	acceptCoordinator,
	answerInvitation,
	cancelInvitation,
	dissolve,
	inviteOfficial,
	inviteOrganisation,
	linkProject,
	proposeCoordinator,
	recordDeliberation,
	withdraw
} from '$lib/server/consortia/commands';
import { searchCommunes, searchEpcis } from '$lib/server/organisations/queries';
import { placeOptions } from '$lib/server/projects/queries';
import { callsOfConsortium } from '$lib/server/calls/queries';
import { fundsOfConsortium } from '$lib/server/funds/queries';
import { MAX_ATTACHMENT_BYTES, removeStoredFile, storePdf } from '$lib/server/uploads/store';
import { requireUser } from '$lib/server/auth/guards';
import { formFailure, formValues, parseForm, type FieldErrors } from '$lib/schemas/parse';
import { deliberationSchema, withdrawalSchema } from '$lib/schemas/consortia';
import { isCurrentMember, isLocalAuthority, liveMemberStatuses } from '$lib/domain/consortia';
import { mayActForMember, mayCoordinateConsortium, mayRecordDeliberation, mayWithdraw } from '$lib/server/consortia/policy';
import { mayOpenFund } from '$lib/server/funds/policy';
import { toParisInput } from '$lib/domain/dates';
import { renderMarkdown } from '$lib/markdown';
import { consortiumRefusalTable, type ConsortiumRefusal } from '$lib/server/consortia/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { metaDescription } from '$lib/meta';
import { followAction, followingOf } from '$lib/server/follow-form';

const MAX_MB = String(MAX_ATTACHMENT_BYTES / 1024 / 1024);
/** Members shown on one page of the consortium's page: a consortium of 150 cities stays a small page. */
const MEMBERS_PAGE = 30;

/** The page number a list of this page is at (`?members=2`, `?history=3`): 1 unless a whole number in range. */
function pageOf(url: URL, name: string) {
	const page = Number(url.searchParams.get(name) ?? '1');
	return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const historyPage = pageOf(url, 'history');
	const details = await consortiumDetails(params.id, { historyOffset: (historyPage - 1) * CONSORTIUM_HISTORY_PAGE });
	if (!details) error(404, m.error_not_found());
	// One page of members (in the order they were invited); the rules above still count every member.
	const memberPageCount = Math.max(1, Math.ceil(details.members.length / MEMBERS_PAGE));
	const memberPage = Math.min(pageOf(url, 'members'), memberPageCount);
	const { consortium, members, report } = details;
	const roleIn = (organisationId: string | null) => (organisationId && locals.organisations.find((o) => o.id === organisationId)?.role) || null;
	const live = consortium.status !== 'dissolved';
	// What each person may do: the policy's predicates over their memberships, which every command asks again.
	const coordinating = mayCoordinateConsortium(roleIn(consortium.coordinatorOrganisationId), consortium.status).ok;
	// The coordinator's three searches (GET fields of the page, so they work without JavaScript), each bounded.
	const searchOf = (name: string) => (coordinating ? (url.searchParams.get(name) ?? '').trim().slice(0, 100) : '');
	const q = searchOf('q');
	const inviteSearch = searchOf('invite');
	const linkSearch = searchOf('link');
	const [places, invitable, linkable, communes, epcis, consortiumCalls, funds] = await Promise.all([
		placeOptions(),
		inviteSearch ? invitableOrganisations(consortium.id, inviteSearch) : [],
		linkSearch ? linkableProjects(consortium.id, linkSearch) : [],
		q ? searchCommunes(q) : [],
		q ? searchEpcis(q) : [],
		callsOfConsortium(consortium.id),
		fundsOfConsortium(consortium.id)
	]);
	const departementNames = new Map(places.departements.map((d) => [d.code, d.name]));
	const place = (code: string) => ({ code, name: departementNames.get(code) ?? code });
	const nameOf = (organisationId: string) => members.find((member) => member.organisationId === organisationId)?.name ?? organisationId;
	const liveMembers = members.filter((member) => (liveMemberStatuses as readonly string[]).includes(member.status));
	const proposedId = consortium.proposedCoordinatorOrganisationId;
	// A proposal stands only while the proposed organisation is still a member.
	const proposed = proposedId && live && members.some((member) => member.organisationId === proposedId && isCurrentMember(member.status)) ? proposedId : null;

	// Départements a withdrawal took away, to say what is missing when the rule no longer holds.
	const lost = new Map<string, { code: string; name: string; by: string }>();
	if (!report.departements.holds) {
		for (const member of members.filter((x) => x.status === 'withdrawn')) {
			for (const code of member.departements) {
				if (!report.departements.covered.includes(code) && !lost.has(code)) lost.set(code, { ...place(code), by: member.name });
			}
		}
	}

	return {
		description: metaDescription(consortium.purpose),
		consortium: {
			id: consortium.id,
			name: consortium.name,
			purposeHtml: renderMarkdown(consortium.purpose),
			status: consortium.status,
			createdAt: consortium.createdAt,
			dissolvedAt: consortium.dissolvedAt
		},
		coordinator: { name: details.coordinator.name, slug: details.coordinator.slug },
		proposedCoordinator: proposed ? nameOf(proposed) : null,
		rules: {
			members: { ...report.members, pending: members.filter((x) => x.status === 'invited').length },
			departements: { holds: report.departements.holds, required: report.departements.required, covered: details.covered, lost: [...lost.values()] },
			regions: { holds: report.regions.holds, allowed: details.allowedRegionNames, outside: report.regions.outside.map(nameOf) },
			approvals: { holds: report.allApproved, pending: report.pendingApproval.map(nameOf) }
		},
		memberPage,
		memberPageCount,
		memberCount: members.length,
		members: members.slice((memberPage - 1) * MEMBERS_PAGE, memberPage * MEMBERS_PAGE).map((member) => ({
			id: member.id,
			name: member.name,
			slug: member.slug,
			kind: member.kind ?? (member.inseeCode ? 'city' : 'intercommunality'),
			status: member.status,
			awaitingSignup: !member.organisationId,
			coordinator: member.organisationId === consortium.coordinatorOrganisationId,
			departements: member.departements.map(place),
			decisionKind: member.decisionKind,
			deliberationNumber: member.deliberationNumber,
			deliberationDate: member.deliberationDate,
			deliberationFileName: member.deliberationFileName,
			withdrawalReason: member.withdrawalReason
		})),
		projects: details.projects,
		calls: consortiumCalls,
		funds: funds.map((fund) => ({
			id: fund.id,
			name: fund.name,
			status: fund.status,
			targetCents: fund.targetCents,
			committedCents: fund.totals.committed
		})),
		// Admins and signatories of the coordinator open funds, once the consortium is active (openFund asks it again).
		canOpenFund: mayOpenFund(roleIn(consortium.coordinatorOrganisationId), consortium.status).ok,
		historyPage,
		historyPageCount: Math.max(1, Math.ceil(details.timelineTotal / CONSORTIUM_HISTORY_PAGE)),
		timeline: details.timeline.map((event) => ({
			at: event.at,
			action: event.action,
			organisation: event.organisationName ?? '',
			details: Object.fromEntries(
				['name', 'number', 'date', 'reason', 'title', 'kind'].map((key) => [key, typeof event.details[key] === 'string' ? (event.details[key] as string) : ''])
			)
		})),
		tools: coordinating
			? {
					q,
					communes: communes.map((c) => ({
						inseeCode: c.inseeCode,
						name: c.name,
						departement: `${c.departementName} (${c.departementCode})`,
						claimed: c.claimed,
						invited: liveMembers.some((x) => x.inseeCode === c.inseeCode)
					})),
					epcis: epcis.map((e) => ({
						siren: e.siren,
						name: e.name,
						nature: e.nature,
						claimed: e.claimed,
						invited: liveMembers.some((x) => x.epciSiren === e.siren)
					})),
					pickerLimit: PICKER_RESULTS,
					inviteSearch,
					invitable: invitable.map((o) => ({ id: o.id, name: o.name, kind: o.kind, departement: o.departement ?? '' })),
					linkSearch,
					linkable,
					pending: members.filter((x) => x.status === 'invited').map((x) => ({ id: x.id, name: x.name })),
					candidates: members
						.filter(
							(x) => x.organisationId && x.organisationId !== consortium.coordinatorOrganisationId && isCurrentMember(x.status) && isLocalAuthority(x.kind)
						)
						.map((x) => ({ organisationId: x.organisationId!, name: x.name }))
				}
			: null,
		invitations: live
			? members.filter((x) => x.status === 'invited' && mayActForMember(roleIn(x.organisationId)).ok).map((x) => ({ id: x.id, name: x.name }))
			: [],
		deliberations: live
			? members
					.filter((x) => x.status === 'accepted' && mayRecordDeliberation(roleIn(x.organisationId), x.kind).ok)
					.map((x) => ({ id: x.id, name: x.name, kind: x.kind! }))
			: [],
		// Admins cannot record their council's vote: only a signatory can, so they are told whom to ask.
		awaitingSignatory: live
			? members
					.filter((x) => x.status === 'accepted' && mayActForMember(roleIn(x.organisationId)).ok && isLocalAuthority(x.kind))
					.map((x) => ({ name: x.name, slug: x.slug ?? '' }))
			: [],
		withdrawals: live
			? members
					.filter((x) => isCurrentMember(x.status) && mayWithdraw(roleIn(x.organisationId), x.organisationId === consortium.coordinatorOrganisationId).ok)
					.map((x) => ({ id: x.id, name: x.name }))
			: [],
		coordinatorOffer: proposed && mayActForMember(roleIn(proposed)).ok ? nameOf(proposed) : null,
		today: toParisInput(new Date()).slice(0, 10),
		maxAttachmentMb: MAX_MB,
		signedIn: Boolean(locals.user),
		// Its current members write to each other (conversations/policy.ts asks the same of the thread's page).
		mayWriteToMembers: members.some((x) => isCurrentMember(x.status) && roleIn(x.organisationId) !== null),
		following: await followingOf(locals.user, 'consortium', consortium.id)
	};
};

/** The coordinator's forms: a "forbidden" there means "only the coordinator". */
const COORDINATOR_FORMS = ['invite', 'official', 'pending', 'link', 'propose', 'dissolve'];

function refused(form: string, code: ConsortiumRefusal, values: Record<string, string> = {}) {
	return refusalFailure(
		consortiumRefusalTable,
		{ code },
		{ form, values, figures: { maxAttachmentMb: MAX_MB, coordinatorForm: COORDINATOR_FORMS.includes(form) } }
	);
}

/** A member id as sent by the page, safe to name a form with. */
function memberIdFrom(form: FormData) {
	const id = String(form.get('memberId') ?? '');
	return /^[a-z0-9]{1,40}$/.test(id) ? id : '';
}

export const actions: Actions = {
	follow: followAction('consortium'),
	invite: async ({ request, params }) => {
		const { user } = requireUser();
		const organisationId = String((await request.formData()).get('organisationId') ?? '');
		if (!organisationId) return fail(400, formFailure({ form: 'invite', message: m.err_choice() }));
		const result = await inviteOrganisation(user, params.id, organisationId);
		if (!result.ok) return refused('invite', result.code);
		return { form: 'invite', success: m.consortium_invited_done() };
	},
	inviteOfficial: async ({ request, params }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const inseeCode = String(form.get('inseeCode') ?? '').toUpperCase();
		const epciSiren = String(form.get('epciSiren') ?? '');
		const target = /^\d[\dAB]\d{3}$/.test(inseeCode) ? { inseeCode } : /^\d{9}$/.test(epciSiren) ? { epciSiren } : null;
		if (!target) return refused('official', 'unknown_official');
		const result = await inviteOfficial(user, params.id, target);
		if (!result.ok) return refused('official', result.code);
		return { form: 'official', success: m.consortium_invited_done() };
	},
	cancel: async ({ request }) => {
		const { user } = requireUser();
		const result = await cancelInvitation(user, memberIdFrom(await request.formData()));
		if (!result.ok) return refused('pending', result.code);
		return { form: 'pending', success: m.consortium_cancelled_done() };
	},
	answer: async ({ request }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const accept = form.get('answer') === 'accept';
		const result = await answerInvitation(user, memberIdFrom(form), accept);
		if (!result.ok) return refused('answer', result.code);
		return { form: 'answer', success: accept ? m.consortium_accepted_done() : m.consortium_declined_done() };
	},
	deliberation: async ({ request }) => {
		const { user } = requireUser();
		// Asks for the authenticator's code first (then back to this page): nothing changes without it.
		requireSecondFactor();
		const form = await request.formData();
		const values = formValues(form);
		const name = `deliberation-${memberIdFrom(form)}`;
		const upload = form.get('file');
		const file = upload instanceof File && upload.size > 0 ? upload : null;
		// A browser never refills a file input: say so whenever the chosen file was not kept.
		const reselect: FieldErrors = file ? { file: m.attach_reselect() } : {};
		const parsed = parseForm(deliberationSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: { ...reselect, ...parsed.errors } }));
		let stored: { file: string; name: string } | null = null;
		if (file) {
			const kept = await storePdf(file);
			if (!kept.ok) return refusalFailure(consortiumRefusalTable, kept, { form: name, values, figures: { maxAttachmentMb: MAX_MB } });
			stored = { file: kept.file, name: kept.name };
		}
		const { memberId, number, date, kind } = parsed.data;
		const result = await recordDeliberation(user, memberId, { number, date, kind, file: stored });
		if (!result.ok) {
			await removeStoredFile(stored?.file);
			return refusalFailure(consortiumRefusalTable, result, { form: name, values, errors: reselect, figures: { maxAttachmentMb: MAX_MB } });
		}
		return { form: name, success: m.consortium_deliberation_done() };
	},
	withdraw: async ({ request }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const values = formValues(form);
		const name = `withdraw-${memberIdFrom(form)}`;
		const parsed = parseForm(withdrawalSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		const result = await withdraw(user, parsed.data.memberId, parsed.data.reason);
		if (!result.ok) return refused(name, result.code, values);
		return { form: name, success: m.consortium_withdrawn_done() };
	},
	link: async ({ request, params }) => {
		const { user } = requireUser();
		const projectId = String((await request.formData()).get('projectId') ?? '');
		const result = await linkProject(user, params.id, projectId);
		if (!result.ok) return refused('link', result.code);
		return { form: 'link', success: m.consortium_linked_done() };
	},
	propose: async ({ request, params }) => {
		const { user } = requireUser();
		const organisationId = String((await request.formData()).get('organisationId') ?? '');
		const result = await proposeCoordinator(user, params.id, organisationId);
		if (!result.ok) return refused('propose', result.code);
		return { form: 'propose', success: m.consortium_proposed_done() };
	},
	acceptCoordinator: async ({ params }) => {
		const { user } = requireUser();
		const result = await acceptCoordinator(user, params.id);
		if (!result.ok) return refused('coordination', result.code);
		return { form: 'coordination', success: m.consortium_coordination_done() };
	},
	dissolve: async ({ request, params }) => {
		const { user } = requireUser();
		if ((await request.formData()).get('confirm') !== 'on') {
			return fail(400, formFailure({ form: 'dissolve', errors: { confirm: m.consortium_dissolve_confirm_required() } }));
		}
		const result = await dissolve(user, params.id);
		if (!result.ok) return refused('dissolve', result.code);
		return { form: 'dissolve', success: m.consortium_dissolved_done() };
	}
};
