import type { ProjectStatus } from './projects';

/** A project carries a handful of documents (specifications, reviews, guides), not an archive. */
export const MAX_PROJECT_DOCUMENTS = 20;
export const MAX_DOCUMENT_TITLE = 120;

/**
 * Who may attach, mark and remove a project's documents: any member of the proposing organisation, while the
 * project is not abandoned (a completed project's review is still worth attaching). The page shows the forms by
 * it, the commands refuse by it.
 */
export function mayChangeProjectDocuments(role: string | null | undefined, status: ProjectStatus): boolean {
	return Boolean(role) && status !== 'abandoned';
}

/** A project's documents are public with the project; a draft's are for its proposer's members and platform admins. */
export function mayReadProjectDocuments(status: ProjectStatus, memberOfProposer: boolean, platformAdmin: boolean): boolean {
	return status !== 'draft' || memberOfProposer || platformAdmin;
}
