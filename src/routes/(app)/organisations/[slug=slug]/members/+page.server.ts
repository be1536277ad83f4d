import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireRole, requireUser } from '$lib/server/auth/guards';
import { findOrganisationBySlug, membersOf } from '$lib/server/organisations/queries';
import { cancelInvitation, changeRole, inviteMember, pendingInvitations, removeMember } from '$lib/server/organisations/members';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { changeRoleSchema, inviteSchema } from '$lib/schemas/organisations';
import { setFlash } from '$lib/server/http/flash';
import { needsEvidence } from '$lib/server/organisations/evidence';
import { EVIDENCE_MAX_MB, evidenceFromForm } from '$lib/server/organisations/evidence-upload';
import { removeStoredFile } from '$lib/server/uploads/store';
import { getLocale } from '$lib/paraglide/runtime';
import { memberRefusalTable } from '$lib/server/organisations/refusals';
import { mayManageMembers } from '$lib/server/organisations/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

async function organisationOf(slug: string) {
	const organisation = await findOrganisationBySlug(slug);
	if (!organisation) error(404, m.error_not_found());
	return organisation;
}

export const load: PageServerLoad = async ({ params }) => {
	const organisation = await organisationOf(params.slug);
	const { membership } = requireRole(organisation.id);
	const isAdmin = mayManageMembers(membership.role).ok;
	return {
		organisation: {
			id: organisation.id,
			slug: organisation.slug,
			name: organisation.name,
			verificationStatus: organisation.verificationStatus
		},
		needsEvidence: needsEvidence(organisation.kind),
		maxMb: EVIDENCE_MAX_MB,
		isAdmin,
		members: await membersOf(organisation.id),
		invitations: isAdmin ? await pendingInvitations(organisation.id) : []
	};
};

async function adminAction(event: RequestEvent) {
	const organisation = await organisationOf(event.params.slug);
	const { user } = requireRole(organisation.id, 'admin');
	return { organisation, user, form: await event.request.formData() };
}

export const actions: Actions = {
	invite: async (event) => {
		const { organisation, user, form } = await adminAction(event);
		const parsed = parseForm(inviteSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'invite', values: parsed.values, errors: parsed.errors }));
		const values = { ...parsed.data, function: String(form.get('function') ?? '').slice(0, 200) };
		// A signatory's act comes with the invitation; other roles need none.
		const filed = await evidenceFromForm(form, { required: false });
		if (!filed.ok) return fail(400, formFailure({ form: 'invite', values, errors: filed.errors }));
		const evidence = parsed.data.role === 'signatory' ? (filed.evidence ?? undefined) : undefined;
		if (filed.evidence && !evidence) await removeStoredFile(filed.evidence.file);
		const result = await inviteMember(user, organisation.id, parsed.data, getLocale(), evidence);
		if (!result.ok) {
			await removeStoredFile(evidence?.file);
			return refusalFailure(memberRefusalTable, result, { form: 'invite', values, figures: { invitation: true } });
		}
		return { form: 'invite', success: m.members_invited({ email: parsed.data.email }) };
	},
	cancel: async (event) => {
		const { organisation, user, form } = await adminAction(event);
		const result = await cancelInvitation(user, organisation.id, String(form.get('invitationId') ?? ''));
		if (!result.ok) return refusalFailure(memberRefusalTable, result, { form: 'list' });
		return { form: 'list', success: m.members_invitation_cancelled() };
	},
	role: async (event) => {
		const { organisation, user, form } = await adminAction(event);
		const parsed = parseForm(changeRoleSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'list', message: m.err_choice() }));
		const result = await changeRole(user, organisation.id, parsed.data.userId, parsed.data.role);
		if (!result.ok) return refusalFailure(memberRefusalTable, result, { form: 'list' });
		return { form: 'list', success: m.members_role_changed() };
	},
	signatory: async (event) => {
		const { organisation, user, form } = await adminAction(event);
		const userId = String(form.get('userId') ?? '').slice(0, 64);
		const values = { userId, function: String(form.get('function') ?? '').slice(0, 200) };
		const filed = await evidenceFromForm(form);
		if (!filed.ok) return fail(400, formFailure({ form: 'signatory', values, errors: filed.errors }));
		const evidence = filed.evidence ?? undefined;
		const result = await changeRole(user, organisation.id, userId, 'signatory', evidence);
		if (!result.ok) {
			await removeStoredFile(evidence?.file);
			return refusalFailure(memberRefusalTable, result, { form: 'signatory', values });
		}
		return { form: 'signatory', success: m.members_role_changed() };
	},
	remove: async (event) => {
		const { organisation, user, form } = await adminAction(event);
		const result = await removeMember(user, organisation.id, String(form.get('userId') ?? ''));
		if (!result.ok) return refusalFailure(memberRefusalTable, result, { form: 'list' });
		return { form: 'list', success: m.members_removed() };
	},
	leave: async ({ params, cookies }) => {
		const organisation = await organisationOf(params.slug);
		const { user } = requireUser();
		const result = await removeMember(user, organisation.id, user.id);
		if (!result.ok) return refusalFailure(memberRefusalTable, result, { form: 'list' });
		setFlash(cookies, m.members_left({ organisation: organisation.name }));
		redirect(303, '/account');
	}
};
