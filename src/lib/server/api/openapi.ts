// The OpenAPI description of the public, read-only API. Each new collection adds its paths here.

const error = {
	type: 'object',
	required: ['error'],
	properties: { error: { type: 'string' }, message: { type: 'string' } }
};

const organisation = {
	type: 'object',
	required: ['id', 'slug', 'kind', 'name'],
	properties: {
		id: { type: 'string' },
		slug: { type: 'string' },
		kind: { type: 'string', enum: ['city', 'intercommunality', 'startup', 'partner'] },
		name: { type: 'string' },
		inseeCode: { type: ['string', 'null'], description: 'Communes only' },
		siren: { type: ['string', 'null'] },
		nafCode: { type: ['string', 'null'], description: 'Startups only' },
		description: { type: 'string' },
		departementCode: { type: ['string', 'null'] },
		regionCode: { type: ['string', 'null'] },
		verifiedAt: { type: ['string', 'null'], format: 'date-time' }
	}
};

const pageParameters = [
	{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
	{ name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The "next" value of the previous page' }
];

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
			'/organisations': {
				get: {
					summary: 'Verified organisations',
					parameters: pageParameters,
					responses: {
						'200': {
							description: 'A page of organisations',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											data: { type: 'array', items: { $ref: '#/components/schemas/Organisation' } },
											next: { type: ['string', 'null'] }
										}
									}
								}
							}
						},
						'400': { description: 'Bad parameters', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
					}
				}
			},
			'/organisations/{id}': {
				get: {
					summary: 'One verified organisation',
					parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
					responses: {
						'200': { description: 'The organisation', content: { 'application/json': { schema: { $ref: '#/components/schemas/Organisation' } } } },
						'404': { description: 'Unknown or not public', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
					}
				}
			}
		},
		components: { schemas: { Organisation: organisation, Error: error } }
	};
}
