import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { foldForSearch } from '../../domain/text';

/** Rewrites a project's row of the full-text index, in the transaction that changed the project. */
export async function indexProject(tx: Tx, project: { id: string; title: string; summary: string; description: string }) {
	await tx.run(sql`DELETE FROM projects_search WHERE project_id = ${project.id}`);
	await tx.run(
		sql`INSERT INTO projects_search (project_id, title, summary, description)
		    VALUES (${project.id}, ${foldForSearch(project.title)}, ${foldForSearch(project.summary)}, ${foldForSearch(project.description)})`
	);
}
