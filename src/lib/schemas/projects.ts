import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { projectStatuses, projectThemes } from '$lib/domain/projects';
import { optionalAmount } from './fields';

const text = (max: number, required: () => string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(max, () => m.err_too_long({ max: String(max) }))
	);

export const projectSchema = v.object({
	title: text(150, () => m.err_project_title_required()),
	summary: text(400, () => m.err_project_summary_required()),
	description: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(20_000, () => m.err_too_long({ max: '20000' }))
		),
		''
	),
	theme: v.picklist(projectThemes, () => m.err_project_theme()),
	estimatedBudget: optionalAmount,
	departements: v.pipe(
		v.union([v.string(), v.array(v.string())], () => m.err_project_departements()),
		v.transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value])),
		v.minLength(1, () => m.err_project_departements()),
		v.maxLength(120, () => m.err_project_departements()),
		v.check(
			(codes) => codes.every((c) => /^(\d{2,3}|2A|2B)$/.test(c)),
			() => m.err_project_departements()
		)
	),
	seekingPartners: v.pipe(
		v.optional(v.string(), ''),
		v.transform((value) => value === 'on' || value === 'true')
	)
});

export type ProjectInput = v.InferOutput<typeof projectSchema>;

export const projectTransitionSchema = v.object({
	to: v.picklist(projectStatuses, () => m.err_choice())
});
