import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { anyJson, anyString, invalid, nastyStrings, someId, valid, type Resolve, type Schema } from './json-schema-arbitrary';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
  /** An array sent as repeated parameters (`tags=5&tags=7`) rather than one comma-separated value. */
  explode?: boolean;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document, as the fuzzer drives it. */
export interface Operation {
  method: string;
  /** The document's path, `/api/products/{id}/`. */
  path: string;
  query: Parameter[];
  hasPathId: boolean;
  body?: Schema;
  /** The fields of the resource the operation answers with (ordering, expand and filters name them). */
  fields: Record<string, Schema>;
}

const COMPONENTS = '#/components/schemas/';

export function resolverFor(document: OpenApiDocument): Resolve {
  return (ref) => {
    const schema = document.components?.schemas?.[ref.slice(COMPONENTS.length)];
    if (!schema) throw new Error(`unknown schema ${ref}`);
    return schema;
  };
}

/** The resource's own fields: a page's `results` items, or the object itself. */
function fieldsOf(schema: Schema | undefined, resolve: Resolve): Record<string, Schema> {
  if (!schema) return {};
  const resolved = schema.$ref ? resolve(schema.$ref) : schema;
  const results = resolved.properties?.results?.items;
  if (results) return fieldsOf(results, resolve);
  return resolved.properties ?? {};
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = resolverFor(document);
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const ok = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
      return {
        method: method.toUpperCase(),
        path,
        query: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query'),
        hasPathId: path.includes('{id}'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        fields: fieldsOf(ok?.content?.['application/json']?.schema, resolve),
      };
    }),
  );
}

/** A field's value as it appears in a query string. */
function queryText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function fieldNames(operation: Operation): fc.Arbitrary<string> {
  const names = Object.keys(operation.fields);
  return names.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: anyString }) : anyString;
}

/** The values of one query parameter (several when it repeats), mostly well-formed for its field and lookup, sometimes junk. */
function queryValues(operation: Operation, parameter: Parameter, resolve: Resolve): fc.Arbitrary<string[]> {
  const junk = fc.oneof(nastyStrings, anyString);
  const [field, lookup] = parameter.name.split('__');
  const documented = (parameter.schema?.items as Schema | undefined)?.enum as string[] | undefined;
  let wellFormed: fc.Arbitrary<string>;
  if (parameter.name === 'page' || parameter.name === 'page_size') {
    wellFormed = fc.integer({ min: -2, max: 150 }).map(String);
  } else if (parameter.name === 'ordering' || parameter.name === 'expand') {
    // The document's enum (nested expand paths included), or the fields, with a stray name now and then.
    const prefix = parameter.name === 'ordering' && !documented ? fc.constantFrom('', '-') : fc.constant('');
    const names = documented?.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...documented) }, { weight: 1, arbitrary: fieldNames(operation) }) : fieldNames(operation);
    wellFormed = fc.array(fc.tuple(prefix, names).map(([sign, name]) => sign + name), { minLength: 1, maxLength: 3 }).map((values) => values.join(','));
  } else if (parameter.name === 'search') {
    wellFormed = fc.array(fc.oneof(fc.constantFrom('lamp', 'mug', 'a', 'paid'), anyString), { maxLength: 3 }).map((terms) => terms.join(' '));
  } else {
    const fieldSchema = operation.fields[field] ?? parameter.schema ?? {};
    const one = (lookup === 'isnull' ? fc.boolean() : valid(fieldSchema, resolve)).map(queryText);
    if (parameter.explode) return fc.array(fc.oneof({ weight: 3, arbitrary: one }, { weight: 1, arbitrary: junk }), { minLength: 1, maxLength: 3 });
    wellFormed = lookup === 'in' || lookup === 'range' ? fc.array(one, { minLength: 1, maxLength: 3 }).map((values) => values.join(',')) : one;
  }
  return fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 1, arbitrary: junk }).map((value) => [value]);
}

function queryString(operation: Operation, resolve: Resolve): fc.Arbitrary<string> {
  if (operation.query.length === 0 && operation.method !== 'GET') return fc.constant('');
  const known = operation.query.length
    ? fc.uniqueArray(fc.constantFrom(...operation.query), { maxLength: 4, selector: (parameter) => parameter.name }).chain((chosen) =>
        fc.tuple(...chosen.map((parameter) => queryValues(operation, parameter, resolve).map((values) => values.map((value) => [parameter.name, value] as const)))),
      )
    : fc.constant([] as Array<Array<readonly [string, string]>>);
  const unknown = fc.array(fc.tuple(anyString, anyString), { maxLength: 1 });
  return fc.tuple(known, unknown).map(([pairs, extra]) => {
    const search = new URLSearchParams([...pairs.flat(), ...extra].map(([name, value]): [string, string] => [name, value]));
    const text = search.toString();
    return text ? `?${text}` : '';
  });
}

/** A JSON body as an HTML form would send it: lists as repeated fields, objects as JSON text. */
function formEncoded(payload: unknown): string {
  const form = new URLSearchParams();
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return form.toString();
  for (const [name, value] of Object.entries(payload)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, value === null ? '' : queryText(one));
  }
  return form.toString();
}

/** A lone surrogate has no UTF-8 form: sent as the bytes of one, which no decoder accepts. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

export interface FuzzRequest {
  label: string;
  options: InjectOptions;
}

export interface RequestSpace {
  /** Header sets by name: none, tokens of several kinds, a session cookie, garbage. */
  credentials: Record<string, Record<string, string>>;
  /** Ids the path must not name (the fuzzing account's own client and user row). */
  avoidIds?: (operation: Operation) => number[];
}

/** Requests for one operation: valid and invalid path, query and body values, under every credential. */
export function requestsFor(operation: Operation, document: OpenApiDocument, space: RequestSpace): fc.Arbitrary<FuzzRequest> {
  const resolve = resolverFor(document);
  const avoid = new Set(space.avoidIds?.(operation) ?? []);
  const pathId = operation.hasPathId
    ? fc.oneof({ weight: 5, arbitrary: someId.filter((id) => !avoid.has(id)).map(String) }, { weight: 1, arbitrary: nastyStrings.map(pathSegment) })
    : fc.constant('');
  const credential = fc.constantFrom(...Object.keys(space.credentials));
  type Body = { payload?: unknown; contentType?: string };
  let body: fc.Arbitrary<Body> = fc.constant({});
  if (operation.body) {
    body = fc.oneof(
      { weight: 5, arbitrary: valid(operation.body, resolve).map((payload) => ({ payload })) },
      { weight: 4, arbitrary: invalid(operation.body, resolve).map((payload) => ({ payload })) },
      { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', '{}}', 'null', '').map((payload) => ({ payload, contentType: 'application/json' })) },
      { weight: 1, arbitrary: anyJson.map((payload) => ({ payload: JSON.stringify(payload), contentType: 'text/plain' })) },
      { weight: 2, arbitrary: fc.oneof(valid(operation.body, resolve), invalid(operation.body, resolve)).map((payload) => ({ payload: formEncoded(payload), contentType: 'application/x-www-form-urlencoded' })) },
    );
  }
  return fc.record({ credential, id: pathId, query: queryString(operation, resolve), body }).map(({ credential: name, id, query, body: { payload, contentType } }) => {
    const url = operation.path.replace('{id}', id) + query;
    const headers: Record<string, string> = { ...space.credentials[name] };
    const options: InjectOptions = { method: operation.method as InjectOptions['method'], url, headers };
    if (payload !== undefined) {
      headers['content-type'] = contentType ?? 'application/json';
      options.payload = typeof payload === 'string' ? payload : JSON.stringify(payload);
    }
    return { label: `${name} ${operation.method} ${url}`, options };
  });
}
