// Projects: the fixed list of themes and the lifecycle of DESIGN.md, as pure rules.

export const projectThemes = [
	'digital_inclusion',
	'town_centre_commerce',
	'education',
	'mobility',
	'energy_environment',
	'public_services',
	'urban_data',
	'health',
	'safety',
	'other'
] as const;
export type ProjectTheme = (typeof projectThemes)[number];

export const projectSorts = ['recent', 'budget', 'title'] as const;
export type ProjectSort = (typeof projectSorts)[number];

export const projectStatuses = ['draft', 'published', 'consortium_formed', 'funded', 'in_progress', 'completed', 'abandoned'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** Statuses the public sees (everything but drafts). */
export const publicProjectStatuses = projectStatuses.filter((s) => s !== 'draft');

const forward: Record<ProjectStatus, ProjectStatus[]> = {
	draft: ['published'],
	published: ['consortium_formed', 'in_progress', 'abandoned'],
	consortium_formed: ['funded', 'in_progress', 'abandoned'],
	funded: ['in_progress', 'abandoned'],
	in_progress: ['completed', 'abandoned'],
	completed: [],
	abandoned: []
};

export function nextProjectStatuses(from: ProjectStatus): readonly ProjectStatus[] {
	return forward[from];
}

export function canMoveProject(from: ProjectStatus, to: ProjectStatus): boolean {
	return forward[from].includes(to);
}

/** Drafts and published projects can still be edited; later the description is a record. */
export function projectEditable(status: ProjectStatus): boolean {
	return status === 'draft' || status === 'published';
}
