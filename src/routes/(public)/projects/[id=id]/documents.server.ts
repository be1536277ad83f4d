import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { addProjectDocument, documentsOfProject, markProjectDocument, projectDocumentRefusals, removeProjectDocument } from '$lib/server/projects/documents';
import { MAX_ATTACHMENT_BYTES, storeUploadedPdf } from '$lib/server/uploads/store';
import { uploadRefusal } from '$lib/server/uploads/refusals';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { projectDocumentChoiceSchema, projectDocumentSchema } from '$lib/schemas/project-documents';
import { mayChangeProjectDocuments } from '$lib/domain/project-documents';
import type { Project } from '$lib/server/db/schema';
import type { Role } from '$lib/domain/roles';
import * as m from '$lib/paraglide/messages';

// The project page's documents: the list (public with the project) and the proposer's forms to change it.

export async function documentsFor(project: Project, ownerRole: Role | null) {
	return {
		list: await documentsOfProject(project.id),
		mayChange: mayChangeProjectDocuments(ownerRole, project.status),
		maxMb: String(MAX_ATTACHMENT_BYTES / 1024 / 1024)
	};
}

const refused = (code: keyof typeof projectDocumentRefusals, values: Record<string, string> = {}) =>
	fail(code === 'forbidden' ? 403 : code === 'not_found' ? 404 : 400, formFailure({ form: 'documents', values, message: projectDocumentRefusals[code]() }));

export const documentActions = {
	addDocument: async ({ request, params }) => {
		const { user } = requireUser();
		// A body larger than any PDF we keep is refused before it is read.
		if (Number(request.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024) {
			return fail(413, formFailure({ form: 'documents', errors: { document: uploadRefusal('too_large') } }));
		}
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(projectDocumentSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'documents', values: parsed.values, errors: parsed.errors }));
		const upload = form.get('document');
		// No file chosen comes as a nameless empty part; a chosen file that is empty has a name, and is refused.
		if (!(upload instanceof File) || (upload.size === 0 && upload.name === '')) {
			return fail(400, formFailure({ form: 'documents', values, errors: { document: uploadRefusal('no_file') } }));
		}
		const stored = await storeUploadedPdf(upload);
		if (!stored.ok) return fail(400, formFailure({ form: 'documents', values, errors: { document: uploadRefusal(stored.code) } }));
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
