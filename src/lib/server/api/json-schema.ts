import type * as v from 'valibot';

// valibot → JSON Schema (OpenAPI 3.1 dialect), for the few kinds the API contract uses. Anything else
// throws: the document never silently says less than the schema checks.

export type JsonSchema = Record<string, unknown>;
type AnySchema = v.GenericSchema | v.GenericPipeItem;
type Item = { kind: string; type: string; [key: string]: unknown };

/** Schemas written as `{ $ref }` wherever they appear (the document's components), by identity. */
export type Named = Map<unknown, string>;

function nullable(schema: JsonSchema): JsonSchema {
	if (typeof schema.$ref === 'string') return { anyOf: [schema, { type: 'null' }] };
	const type = schema.type;
	const out: JsonSchema = { ...schema, type: Array.isArray(type) ? [...type, 'null'] : [type, 'null'] };
	if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
	return out;
}

function applyAction(out: JsonSchema, action: Item) {
	const requirement = action.requirement;
	switch (action.type) {
		case 'integer':
			out.type = Array.isArray(out.type) ? out.type.map((t) => (t === 'number' ? 'integer' : t)) : 'integer';
			break;
		case 'min_value':
			out.minimum = requirement;
			break;
		case 'max_value':
			out.maximum = requirement;
			break;
		case 'min_length':
			out.minLength = requirement;
			break;
		case 'max_length':
			out.maxLength = requirement;
			break;
		case 'regex':
			out.pattern = (requirement as RegExp).source;
			break;
		case 'iso_timestamp':
			out.format = 'date-time';
			break;
		case 'iso_date':
			out.format = 'date';
			break;
		case 'description':
			out.description = action.description;
			break;
		case 'transform':
		case 'raw_transform':
			// The route's own conversion (a number from digits, a cursor's payload): nothing for the reader.
			break;
		default:
			throw new Error(`No JSON Schema for the valibot action "${action.type}"`);
	}
}

export function toJsonSchema(schema: AnySchema, named: Named = new Map(), root = true): JsonSchema {
	const name = named.get(schema);
	if (name && !root) return { $ref: `#/components/schemas/${name}` };
	const s = schema as unknown as Item & { pipe?: Item[] };
	if (s.pipe) {
		let out: JsonSchema = {};
		for (const item of s.pipe) {
			// A schema later in the pipe (after a transform) says what the value becomes: it replaces the rest.
			if (item.kind === 'schema')
				out = { ...toJsonSchema(item as unknown as AnySchema, named, false), ...(out.description ? { description: out.description } : {}) };
			else applyAction(out, item);
		}
		return out;
	}
	switch (s.type) {
		case 'string':
		case 'number':
		case 'boolean':
			return { type: s.type };
		case 'picklist':
			return { type: 'string', enum: [...(s.options as string[])] };
		case 'nullable':
			return nullable(toJsonSchema(s.wrapped as AnySchema, named, false));
		case 'optional':
			return toJsonSchema(s.wrapped as AnySchema, named, false);
		case 'array':
			return { type: 'array', items: toJsonSchema(s.item as AnySchema, named, false) };
		case 'object': {
			const entries = s.entries as Record<string, AnySchema & { type: string }>;
			const required = Object.keys(entries).filter((key) => entries[key].type !== 'optional');
			const properties = Object.fromEntries(Object.entries(entries).map(([key, entry]) => [key, toJsonSchema(entry, named, false)]));
			return { type: 'object', ...(required.length ? { required } : {}), properties };
		}
		default:
			throw new Error(`No JSON Schema for the valibot schema "${s.type}"`);
	}
}
