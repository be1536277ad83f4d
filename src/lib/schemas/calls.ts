import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { callAudiences, criteriaProblem, legalFrames } from '$lib/domain/calls';
import { projectThemes } from '$lib/domain/projects';
import { isId } from '$lib/domain/ids';
import { amount, dateTime, optionalAmount, optionalDateTime } from './fields';

export const CRITERIA_ROWS = 6;

const text = (max: number, required: () => string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(max, () => m.err_too_long({ max: String(max) }))
	);

const months = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^\d{1,2}$/, () => m.err_months()),
	v.transform(Number),
	v.minValue(1, () => m.err_months()),
	v.maxValue(60, () => m.err_months())
);

/** Criteria come as rows criterionLabel0/criterionWeight0…; empty rows are ignored. */
const criteriaRows = Object.fromEntries(
	Array.from({ length: CRITERIA_ROWS }, (_, i) => [
		[
			`criterionLabel${i}`,
			v.optional(
				v.pipe(
					v.string(),
					v.trim(),
					v.maxLength(120, () => m.err_too_long({ max: '120' }))
				),
				''
			)
		],
		[`criterionWeight${i}`, v.optional(v.pipe(v.string(), v.trim()), '')]
	]).flat()
) as Record<string, v.OptionalSchema<v.GenericSchema<string, string>, ''>>;

export const callSchema = v.pipe(
	v.object({
		title: text(150, () => m.err_call_title_required()),
		challenge: text(20_000, () => m.err_call_challenge_required()),
		theme: v.picklist(projectThemes, () => m.err_project_theme()),
		budget: optionalAmount,
		durationMonths: months,
		legalFrame: v.picklist(legalFrames, () => m.err_choice()),
		opensAt: dateTime,
		closesAt: dateTime,
		/** Empty: questions close 7 days before the deadline. */
		questionsCloseAt: v.optional(optionalDateTime, ''),
		audience: v.optional(
			v.picklist(callAudiences, () => m.err_choice()),
			'startups'
		),
		eligibilityMinMembers: v.optional(
			v.pipe(
				v.string(),
				v.trim(),
				v.regex(/^(\d{1,3})?$/, () => m.err_whole_number({ min: '2', max: '100' }))
			),
			''
		),
		eligibilityMinDepartements: v.optional(
			v.pipe(
				v.string(),
				v.trim(),
				v.regex(/^(\d{1,3})?$/, () => m.err_whole_number({ min: '1', max: '101' }))
			),
			''
		),
		eligibilityAllowedRegions: v.pipe(
			v.optional(v.union([v.string(), v.array(v.string())]), []),
			v.transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value])),
			v.check(
				(codes) => codes.every((c) => /^\d{2,3}$/.test(c)),
				() => m.err_choice()
			)
		),
		/** Empty: the organisation itself; otherwise a consortium it coordinates. */
		consortiumId: v.optional(
			v.pipe(
				v.string(),
				v.check(
					(value) => value === '' || isId(value),
					() => m.err_choice()
				)
			),
			''
		),
		...criteriaRows
	}),
	v.transform((input) => {
		const criteria = [];
		for (let i = 0; i < CRITERIA_ROWS; i++) {
			const label = String(input[`criterionLabel${i}` as keyof typeof input] ?? '');
			const weightText = String(input[`criterionWeight${i}` as keyof typeof input] ?? '');
			if (label === '' && weightText === '') continue;
			criteria.push({ label, weight: /^\d{1,3}$/.test(weightText) ? Number(weightText) : NaN });
		}
		return {
			title: input.title,
			challenge: input.challenge,
			theme: input.theme,
			budget: input.budget,
			durationMonths: input.durationMonths,
			legalFrame: input.legalFrame,
			opensAt: input.opensAt,
			closesAt: input.closesAt,
			questionsCloseAt: input.questionsCloseAt,
			consortiumId: input.consortiumId || null,
			audience: input.audience,
			eligibility:
				input.audience === 'consortia'
					? {
							minMembers: Math.min(100, Math.max(2, Number(input.eligibilityMinMembers || 2))),
							minDepartements: Math.min(101, Math.max(1, Number(input.eligibilityMinDepartements || 2))),
							allowedRegions: input.eligibilityAllowedRegions
						}
					: null,
			criteria
		};
	}),
	v.forward(
		v.check(
			(input) => criteriaProblem(input.criteria) === null,
			() => m.err_criteria()
		),
		['criteria']
	)
);

export type CallInput = Omit<v.InferOutput<typeof callSchema>, 'questionsCloseAt'> & { questionsCloseAt?: Date | null };

export const responseSchema = v.object({
	proposal: text(20_000, () => m.err_response_proposal_required()),
	price: amount,
	durationMonths: months,
	team: text(5000, () => m.err_response_team_required()),
	references: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(5000, () => m.err_too_long({ max: '5000' }))
		),
		''
	),
	/** The startup confirms a price of nothing or above the call's budget (a checkbox shown when asked). */
	confirmPrice: v.optional(
		v.pipe(
			v.string(),
			v.transform((value) => value === 'yes')
		)
	)
});

export type ResponseInput = v.InferOutput<typeof responseSchema>;

export const questionSchema = v.object({
	question: text(2000, () => m.err_question_required())
});

export const answerSchema = v.object({
	questionId: v.pipe(v.string(), v.nonEmpty()),
	answer: text(5000, () => m.err_answer_required())
});

export const extendSchema = v.object({ closesAt: dateTime });

export const decisionSchema = v.object({
	responseId: v.pipe(v.string(), v.nonEmpty()),
	decision: v.picklist(['shortlisted', 'rejected', 'selected'], () => m.err_choice()),
	justification: text(5000, () => m.err_justification_required())
});
