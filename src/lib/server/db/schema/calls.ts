import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { organisations } from './organisations';
import { consortia } from './consortia';
import { callAudiences, callStatuses, legalFrames } from '../../../domain/calls';
import { projectThemes } from '../../../domain/projects';
import { responseStatuses } from '../../../domain/responses';

export const calls = sqliteTable(
	'calls',
	{
		id: text().primaryKey(),
		publisherOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** Set when the publisher, as coordinator, publishes on behalf of a consortium. */
		consortiumId: text().references(() => consortia.id),
		/** Who answers: startups (a call for experimentation) or consortia (a call for projects). */
		audience: text({ enum: callAudiences }).notNull().default('startups'),
		/** For consortia: the eligibility rules, of the same kind as a consortium's own. */
		eligibilityMinMembers: integer(),
		eligibilityMinDepartements: integer(),
		eligibilityAllowedRegions: text({ mode: 'json' }).$type<string[]>().notNull().default([]),
		title: text().notNull(),
		/** Markdown: the challenge set to startups. */
		challenge: text().notNull(),
		theme: text({ enum: projectThemes }).notNull(),
		budgetCents: integer(),
		durationMonths: integer().notNull(),
		legalFrame: text({ enum: legalFrames }).notNull(),
		opensAt: integer({ mode: 'timestamp_ms' }).notNull(),
		closesAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** Questions are taken until then; null: 7 days before the deadline (domain/call-questions.ts). */
		questionsCloseAt: integer({ mode: 'timestamp_ms' }),
		status: text({ enum: callStatuses }).notNull().default('draft'),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		publishedAt: integer({ mode: 'timestamp_ms' }),
		closedAt: integer({ mode: 'timestamp_ms' }),
		/** When the publisher declared the call decided: from then on its award notice is public. */
		decidedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('calls_status_closes_idx').on(t.status, t.closesAt),
		index('calls_theme_idx').on(t.theme, t.status),
		index('calls_publisher_idx').on(t.publisherOrganisationId)
	]
);

/**
 * The départements a call concerns: its publisher's (a commune's, every one an intercommunality's
 * communes touch), or its consortium's members'. Rewritten with the call's search row (search-index.ts).
 */
export const callDepartements = sqliteTable(
	'call_departements',
	{
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		departementCode: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.callId, t.departementCode] }), index('call_departements_code_idx').on(t.departementCode)]
);

export const callCriteria = sqliteTable(
	'call_criteria',
	{
		id: text().primaryKey(),
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		label: text().notNull(),
		weight: integer().notNull()
	},
	(t) => [index('call_criteria_call_idx').on(t.callId, t.position)]
);

/** Public questions: the asker is kept for the record but never shown. */
export const callQuestions = sqliteTable(
	'call_questions',
	{
		id: text().primaryKey(),
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		askedBy: text()
			.notNull()
			.references(() => users.id),
		askedForOrganisationId: text().references(() => organisations.id),
		question: text().notNull(),
		answer: text(),
		answeredBy: text().references(() => users.id),
		askedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		answeredAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('call_questions_call_idx').on(t.callId, t.askedAt)]
);

export const callEvaluators = sqliteTable(
	'call_evaluators',
	{
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => users.id),
		assignedBy: text()
			.notNull()
			.references(() => users.id),
		assignedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.callId, t.userId] }), index('call_evaluators_user_idx').on(t.userId)]
);

export { responseStatuses, type ResponseStatus } from '../../../domain/responses';

export const responses = sqliteTable(
	'responses',
	{
		id: text().primaryKey(),
		callId: text()
			.notNull()
			.references(() => calls.id),
		/** The responding organisation: the startup, or the coordinator of the responding consortium. */
		startupOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** For a call addressed to consortia: the consortium that answers. */
		consortiumId: text().references(() => consortia.id),
		status: text({ enum: responseStatuses }).notNull().default('draft'),
		proposal: text().notNull(),
		priceCents: integer().notNull(),
		durationMonths: integer().notNull(),
		team: text().notNull(),
		references: text().notNull().default(''),
		/** Before migration 0016, the single PDF of a response; now copied to response_attachments and unused. */
		attachmentFile: text(),
		attachmentName: text(),
		attachmentSize: integer(),
		justification: text(),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		submittedAt: integer({ mode: 'timestamp_ms' }),
		decidedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [uniqueIndex('responses_call_startup_idx').on(t.callId, t.startupOrganisationId), index('responses_startup_idx').on(t.startupOrganisationId)]
);

export const responseConflicts = sqliteTable(
	'response_conflicts',
	{
		responseId: text()
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		evaluatorId: text()
			.notNull()
			.references(() => users.id),
		hasConflict: integer({ mode: 'boolean' }).notNull(),
		declaredAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.responseId, t.evaluatorId] })]
);

export const evaluationScores = sqliteTable(
	'evaluation_scores',
	{
		responseId: text()
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		evaluatorId: text()
			.notNull()
			.references(() => users.id),
		criterionId: text()
			.notNull()
			.references(() => callCriteria.id),
		score: integer().notNull(),
		comment: text().notNull().default(''),
		scoredAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.responseId, t.evaluatorId, t.criterionId] })]
);

export type Call = typeof calls.$inferSelect;
export type CallCriterion = typeof callCriteria.$inferSelect;
export type Response = typeof responses.$inferSelect;
