// The OpenAPI description of the public, read-only API. Each new collection adds its schema here.

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const named = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };

const schemas = {
	Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, message: { type: 'string' } } },
	Organisation: {
		type: 'object',
		required: ['id', 'slug', 'kind', 'name'],
		properties: {
			id: { type: 'string' },
			slug: { type: 'string' },
			kind: { type: 'string', enum: ['city', 'intercommunality', 'startup', 'partner'] },
			name: { type: 'string' },
			inseeCode: nullable('string', { description: 'Communes only' }),
			siren: nullable('string'),
			nafCode: nullable('string', { description: 'Startups only' }),
			description: { type: 'string' },
			departementCode: nullable('string'),
			regionCode: nullable('string'),
			verifiedAt: nullable('string', { format: 'date-time' })
		}
	},
	Project: {
		type: 'object',
		required: ['id', 'title', 'summary', 'theme', 'status'],
		properties: {
			id: { type: 'string' },
			title: { type: 'string' },
			summary: { type: 'string' },
			description: { type: 'string', description: 'Markdown; in the single-project answer only' },
			theme: { type: 'string' },
			status: { type: 'string', enum: ['published', 'consortium_formed', 'funded', 'in_progress', 'completed', 'abandoned'] },
			estimatedBudgetCents: nullable('integer'),
			seekingPartners: { type: 'boolean' },
			publishedAt: nullable('string', { format: 'date-time' }),
			proposer: named,
			coproposers: { type: 'array', items: named },
			departements: { type: 'array', items: { type: 'string' } }
		}
	},
	Call: {
		type: 'object',
		required: ['id', 'title', 'theme', 'status', 'opensAt', 'closesAt'],
		properties: {
			id: { type: 'string' },
			title: { type: 'string' },
			challenge: { type: 'string', description: 'Markdown; in the single-call answer only' },
			theme: { type: 'string' },
			status: { type: 'string', enum: ['open', 'closed', 'evaluating', 'decided', 'experimenting', 'evaluated'] },
			budgetCents: nullable('integer'),
			durationMonths: { type: 'integer' },
			legalFrame: { type: 'string', enum: ['experimentation_convention', 'innovative_purchase'] },
			opensAt: { type: 'string', format: 'date-time' },
			closesAt: { type: 'string', format: 'date-time' },
			publisher: named,
			criteria: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, weight: { type: 'integer' } } } },
			questions: {
				type: 'array',
				description: 'Answered public questions; in the single-call answer only',
				items: { type: 'object', properties: { question: { type: 'string' }, answer: { type: 'string' }, answeredAt: { type: 'string' } } }
			}
		}
	}
};

const pageParameters = [
	{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
	{ name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The "next" value of the previous page' }
];

const query = (name: string, description: string) => ({ name, in: 'query', schema: { type: 'string' }, description });

function collection(path: string, schema: string, summary: string, filters: unknown[] = []) {
	const error = (description: string) => ({ description, content: json(ref('Error')) });
	return {
		[path]: {
			get: {
				summary,
				parameters: [...pageParameters, ...filters],
				responses: {
					'200': {
						description: 'A page',
						content: json({ type: 'object', properties: { data: { type: 'array', items: ref(schema) }, next: nullable('string') } })
					},
					'400': error('Bad parameters')
				}
			}
		},
		[`${path}/{id}`]: {
			get: {
				summary: `One of ${summary.toLowerCase()}`,
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
				responses: { '200': { description: 'The object', content: json(ref(schema)) }, '404': error('Unknown or not public') }
			}
		}
	};
}

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Entente public API',
			version: '1.0.0',
			description: 'Read-only JSON for every public object. Amounts are integer euro cents; dates are ISO 8601.'
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: {
			...collection('/organisations', 'Organisation', 'Verified organisations'),
			...collection('/projects', 'Project', 'Published projects', [
				query('q', 'Full-text search, accents optional'),
				query('theme', 'A theme code'),
				query('status', 'A project status'),
				query('departement', 'A département code'),
				query('region', 'A région code'),
				query('seeking', '1 for projects seeking partners'),
				query('sort', 'recent, budget or title')
			]),
			...collection('/calls', 'Call', 'Published calls for experimentation', [
				query('theme', 'A theme code'),
				query('status', 'A call status')
			])
		},
		components: { schemas }
	};
}
