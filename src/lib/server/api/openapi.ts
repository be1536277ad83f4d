import { components, DEFAULT_LIMIT, ERROR_RESPONSES, operations } from './contract';
import { toJsonSchema, type JsonSchema, type Named } from './json-schema';

// The OpenAPI description of the public, read-only API, generated from the valibot schemas of
// contract.ts: the ones the routes parse their queries with. A new operation is added there.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function queryParameters(query: { entries: Record<string, unknown> } | undefined, named: Named) {
	return Object.entries(query?.entries ?? {}).map(([name, schema]) => {
		const { description, ...rest } = toJsonSchema(schema as never, named);
		return {
			name,
			in: 'query',
			required: false,
			...(description ? { description } : {}),
			schema: name === 'limit' ? { ...rest, default: DEFAULT_LIMIT } : rest
		};
	});
}

/** The answer of getIndex (/api/v1): the document's address and each list's, from the operations. */
export function apiIndex(origin: string) {
	const api = `${origin}/api/v1`;
	const lists = Object.values(operations).flatMap((operation) =>
		'page' in operation.answer && !operation.path.includes('{') ? [[operation.path.slice(1), `${api}${operation.path}`]] : []
	);
	return { openapi: `${api}/openapi.json`, lists: Object.fromEntries(lists) };
}

export function openApiDocument(origin: string) {
	const named: Named = new Map(Object.entries(components).map(([name, schema]) => [schema, name]));
	const paths: Record<string, Record<string, unknown>> = {};
	for (const [operationId, operation] of Object.entries(operations)) {
		const { path, summary, answer, errors } = operation;
		const query = 'query' in operation ? operation.query : undefined;
		const success =
			'page' in answer
				? {
						description: 'A page; follow "next" until it is null',
						content: json({
							type: 'object',
							required: ['data', 'next'],
							properties: { data: { type: 'array', items: ref(answer.page) }, next: { type: ['string', 'null'] } }
						})
					}
				: { description: 'The object', content: json(ref(answer.one)) };
		paths[path] = {
			get: {
				operationId,
				summary,
				security: [],
				parameters: [...(path.includes('{id}') ? [idParameter] : []), ...queryParameters(query, named)],
				responses: {
					'200': success,
					...Object.fromEntries(errors.map((status) => [String(status), { description: ERROR_RESPONSES[status], content: json(ref('Error')) }]))
				}
			}
		};
	}
	// The Atom feed of open calls is served beside the API, at the site's root: its own server says so.
	paths['/calls.atom'] = {
		servers: [{ url: origin }],
		get: {
			operationId: 'getOpenCallsFeed',
			summary: 'The open calls as an Atom feed (RFC 4287): title, publisher, deadline and link of each, the latest change first',
			security: [],
			parameters: [],
			responses: { '200': { description: 'An Atom 1.0 document', content: { 'application/atom+xml': { schema: { type: 'string' } } } } }
		}
	};
	const schemas: Record<string, JsonSchema> = Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, toJsonSchema(schema, named)]));
	return {
		openapi: '3.1.0',
		info: {
			title: 'Entente public API',
			version: '1.1.0',
			description:
				'Read-only JSON for every public object, open to any origin without credentials. Amounts are integer euro cents; dates are ISO 8601. ' +
				'A parameter given an unknown value, a malformed number or a cursor the API did not give is answered 400, never ignored; ' +
				'an empty value is the same as leaving the parameter out.'
		},
		servers: [{ url: `${origin}/api/v1` }],
		security: [],
		paths,
		components: { schemas }
	};
}
