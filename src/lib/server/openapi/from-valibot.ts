/**
 * Request bodies and query parameters of the API document, generated from the valibot schemas the services parse
 * with, so that a limit changed in a schema changes in the document too.
 *
 * The schemas accept what a form posts as well as what a JSON client sends: an id as 7 or "7", a flag as true or
 * "on", poll options as a list or as lines of text. Such a pipe begins with a union whose text branch is transformed
 * and then narrowed by a second schema (`v.number()`, `v.array(…)`) with the limits after it. `@valibot/to-json-schema`
 * in input mode stops at that second schema and would lose the limits, so `inputShape` first rewrites each such pipe
 * into the union a client may send: the narrowed branch carrying the limits, the text branch as typed.
 */
import * as v from 'valibot';
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';

type Schema = v.GenericSchema;
type Item = v.PipeItem<unknown, unknown, v.BaseIssue<unknown>>;
type Node = Schema & { pipe?: Item[]; entries?: Record<string, Schema>; wrapped?: Schema; item?: Schema; options?: Schema[] };

// transformations that change the type: what follows them checks the output, not what the client sent
const TYPE_CHANGES = new Set(['transform', 'raw_transform', 'to_number', 'to_string', 'to_boolean', 'to_date', 'parse_json']);
const NUMERIC = new Set(['integer', 'min_value', 'max_value', 'multiple_of', 'safe_integer']);
// checks JSON Schema cannot say (a predicate, a cross-field rule): stated in the descriptions instead
const UNSAYABLE = new Set(['check', 'partial_check', 'check_items', 'raw_check', 'custom']);

function withPipe(base: Schema, actions: Item[]): Schema {
	return actions.length === 0 ? base : (v.pipe(base, ...(actions as [v.GenericPipeItem])) as Schema);
}

/** the same schema, shaped as the input a client sends (see the module comment) */
export function inputShape(schema: Schema): Schema {
	const node = schema as Node;
	if (node.pipe) {
		const [first, ...rest] = node.pipe;
		let base = inputShape(first as Schema) as Node;
		let members: Schema[] | null = null;
		let narrowed = -1;
		const actions: Item[] = [];
		for (const item of rest) {
			if (item.kind === 'schema') {
				const narrow = inputShape(item as Schema);
				if (base.type === 'union' && base.options) {
					members = [...base.options];
					narrowed = members.findIndex((o) => o.type === narrow.type);
					if (narrowed === -1) throw new Error(`openapi: a pipe narrows a union to ${narrow.type}, which none of its branches is`);
					members[narrowed] = narrow;
				} else base = narrow as Node;
			} else if (item.kind === 'transformation') {
				if (TYPE_CHANGES.has(item.type)) break;
			} else if (!UNSAYABLE.has(item.type)) actions.push(item);
		}
		// a union checked only by number actions (a page typed or sent as 2): the limits belong to its number branch
		if (!members && base.type === 'union' && base.options && actions.length > 0 && actions.every((a) => NUMERIC.has(a.type))) {
			members = [...base.options];
			narrowed = members.findIndex((o) => o.type === 'number');
		}
		if (members && narrowed !== -1) return v.union(members.map((o, i) => (i === narrowed ? withPipe(o, actions) : o)));
		return withPipe(base, actions);
	}
	if (node.entries) return { ...node, entries: Object.fromEntries(Object.entries(node.entries).map(([k, e]) => [k, inputShape(e)])) } as Schema;
	if (node.wrapped) return { ...node, wrapped: inputShape(node.wrapped) } as Schema;
	if (node.item) return { ...node, item: inputShape(node.item) } as Schema;
	if (node.options && node.type === 'union') return { ...node, options: node.options.map(inputShape) } as Schema;
	return schema;
}

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a client sends to a schema */
export function jsonInput(schema: Schema): JsonSchema {
	// trim and the like leave the type as it is; the rest of the transformations were cut off by inputShape
	const { $schema: _, ...out } = toJsonSchema(inputShape(schema), { target: 'draft-2020-12', ignoreActions: ['trim', 'to_lower_case', 'to_upper_case'] });
	return flat(out) as JsonSchema;
}

/** `anyOf` inside `anyOf` (an optional id that is itself "7" or 7) read as one list */
function flat(s: unknown): unknown {
	if (Array.isArray(s)) return s.map(flat);
	if (!s || typeof s !== 'object') return s;
	const out = Object.fromEntries(Object.entries(s).map(([k, x]) => [k, flat(x)])) as { anyOf?: Record<string, unknown>[] };
	if (out.anyOf) out.anyOf = out.anyOf.flatMap((o) => (Object.keys(o).length === 1 && o.anyOf ? (o.anyOf as Record<string, unknown>[]) : [o]));
	return out;
}

type Described = Record<string, string>;

/**
 * The written words beside a generated schema: `describe(schema, '…')` for the whole, and one for each field.
 * A field described that the schema does not have throws, so a renamed field cannot leave its words behind.
 */
export function describe(out: JsonSchema, fields: Described = {}, description?: string): JsonSchema {
	const props = (out as { properties?: Record<string, JsonSchema> }).properties ?? {};
	for (const [name, words] of Object.entries(fields)) {
		if (!(name in props)) throw new Error(`openapi: "${name}" is described but the schema has no such field`);
		props[name] = { ...props[name], description: words };
	}
	return description ? { ...out, description } : out;
}

/** a JSON request body from a valibot schema, with the written descriptions of its fields */
export function body(schema: Schema, fields?: Described, opts: { required?: boolean; description?: string } = {}) {
	return { required: opts.required ?? true, content: { 'application/json': { schema: describe(jsonInput(schema), fields, opts.description) } } };
}

/** query parameters, one per field of a valibot object schema */
export function query(schema: Schema, fields: Described = {}) {
	const out = describe(jsonInput(schema), fields) as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };
	return Object.entries(out.properties ?? {}).map(([name, s]) => {
		const { description, ...rest } = s;
		return { name, in: 'query', required: out.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
	});
}
