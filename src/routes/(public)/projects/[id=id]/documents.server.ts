import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { addProjectDocument, documentsOfProject, markProjectDocument, removeProjectDocument } from '$lib/server/projects/documents';
import { mayChangeDocuments } from '$lib/server/projects/policy';
import { projectRefusalTable, type ProjectRefusal } from '$lib/server/projects/refusals';
import { refusalFailure, refusalState } from '$lib/server/shared/refusal';
import { MAX_ATTACHMENT_BYTES } from '$lib/server/uploads/store';
import { bodyTooLarge, storeChosenPdf } from '$lib/server/uploads/form';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { projectDocumentChoiceSchema, projectDocumentSchema } from '$lib/schemas/project-documents';
import type { Project } from '$lib/server/db/schema';
import type { Role } from '$lib/domain/roles';
import * as m from '$lib/paraglide/messages';

// The project page's documents: the list (public with the project) and the proposer's forms to change it.

export async function documentsFor(project: Project, ownerRole: Role | null) {
	return {
		list: await documentsOfProject(project.id),
		mayChange: mayChangeDocuments(ownerRole, project.status).ok,
		maxMb: String(MAX_ATTACHMENT_BYTES / 1024 / 1024)
	};
}

const refused = (code: ProjectRefusal, values: Record<string, string> = {}) => refusalFailure(projectRefusalTable, { code }, { form: 'documents', values });

export const documentActions = {
	addDocument: async ({ request, params }) => {
		const { user } = requireUser();
		// A body larger than any PDF we keep is refused before it is read.
		if (bodyTooLarge(request)) return fail(413, refusalState(projectRefusalTable, { code: 'too_large' }, { form: 'documents' }));
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(projectDocumentSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'documents', values: parsed.values, errors: parsed.errors }));
		const stored = await storeChosenPdf(form, 'document');
		if (!stored.ok) return refused(stored.code, values);
		const result = await addProjectDocument(user, params.id, stored, parsed.data);
		if (!result.ok) return refused(result.code, values);
		return { form: 'documents', success: m.projdoc_added() };
	},
	markDocument: async ({ request, params }) => {
		const { user } = requireUser();
		const parsed = parseForm(projectDocumentChoiceSchema, await request.formData());
		if (!parsed.ok) return refused('not_found');
		const result = await markProjectDocument(user, params.id, parsed.data.documentId, parsed.data.reusable);
		if (!result.ok) return refused(result.code);
		return { form: 'documents', success: parsed.data.reusable ? m.projdoc_marked_reusable() : m.projdoc_marked_private() };
	},
	removeDocument: async ({ request, params }) => {
		const { user } = requireUser();
		const parsed = parseForm(projectDocumentChoiceSchema, await request.formData());
		if (!parsed.ok) return refused('not_found');
		const result = await removeProjectDocument(user, params.id, parsed.data.documentId);
		if (!result.ok) return refused(result.code);
		return { form: 'documents', success: m.projdoc_removed() };
	}
} satisfies Actions;
