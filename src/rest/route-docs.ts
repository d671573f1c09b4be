import { readSecurity } from '../http/route-docs-helpers';
import { lookupsFor, MAX_PAGE_SIZE, type Lookup } from '../resources/read-query';
import { naming } from '../resources/naming';
import { orderableFields, type FieldSpec, type ResourceRegistry, type ResourceSpec } from '../resources/registry';

type Schema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `${id}#` });

/** Marks a query array sent as repeated parameters rather than one comma-separated value. */
export const REPEATED = 'x-repeated';

const errors = {
  401: { description: 'No or bad credentials', ...ref('ErrorDetail') },
  413: { description: 'The body is larger than MAX_BODY_BYTES (1 MiB)', ...ref('ErrorDetail') },
  415: { description: 'The body is not JSON', ...ref('ErrorDetail') },
  500: { description: 'A bug: quote the request_id', ...ref('ErrorDetail') },
  403: { description: 'Not allowed: a write to `public`, an unknown or expired Api-Key, or a write past the client\'s quota', ...ref('ErrorDetail') },
  404: { description: 'Not found: `?format=` names a format other than `json`', ...ref('ErrorDetail') },
  406: { description: 'The `Accept` header names nothing this API renders (it renders `application/json`)', ...ref('ErrorDetail') },
  502: { description: 'The request ran past the deadline', ...ref('ErrorDetail') },
  503: { description: 'Database unavailable, client still provisioning, or overload (see Retry-After)', ...ref('ErrorDetail') },
};
const notFound = { 404: { description: 'No such object', ...ref('ErrorDetail') } };
const invalid = {
  400: {
    description: 'Invalid input: only the failing fields (or `detail`: a body that is not JSON, a response or statement past its limit, a malformed Host)',
    anyOf: [ref('ValidationErrors'), ref('ErrorDetail')],
  },
};

/** What a filter on `field` compares with, as parse-list-query.ts reads it. */
function filterValue(field: FieldSpec): Schema {
  if (field.kind !== 'scalar') return { type: 'integer' };
  switch (field.type) {
    case 'integer':
      return { type: 'integer' };
    // django-filter's NumberFilter, as drf-spectacular documents it: `19.9` and `19.90` alike.
    case 'decimal':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'string', enum: field.enumValues };
    default:
      return { type: 'string' };
  }
}

const LOOKUP_TEXT: Record<Lookup, string> = {
  exact: 'equals this',
  iexact: 'equals this, ignoring case',
  contains: 'contains this',
  icontains: 'contains this, ignoring case',
  startswith: 'starts with this',
  istartswith: 'starts with this, ignoring case',
  gt: 'is greater than this',
  gte: 'is greater than or equal to this',
  lt: 'is less than this',
  lte: 'is less than or equal to this',
  in: 'is one of these (comma-separated)',
  range: 'is between these two (inclusive, comma-separated)',
  isnull: 'is null (`true`) or not (`false`)',
};

function filterParameter(field: FieldSpec, lookup: Lookup): Schema {
  const description = `\`${field.name}\` ${LOOKUP_TEXT[lookup]}.`;
  if (lookup === 'isnull') return { type: 'boolean', description };
  // django-filter's ModelMultipleChoiceFilter: `tags=5&tags=7` (docs.plugin.ts turns the marker into `explode: true`).
  if (lookup === 'exact' && field.kind === 'collection') return { type: 'array', items: filterValue(field), [REPEATED]: true, description: `\`${field.name}\` includes any of these (repeat the parameter: \`${field.name}=5&${field.name}=7\`).` };
  if (lookup === 'in') return { type: 'array', items: filterValue(field), minItems: 1, description };
  if (lookup === 'range') return { type: 'array', items: filterValue(field), minItems: 2, maxItems: 2, description };
  return { ...filterValue(field), description };
}

/** A resource's relations by their API names: reference and M:N fields, and one-to-many relations (orders' `items`). */
function relationsOf(registry: ResourceRegistry, spec: ResourceSpec): Array<{ name: string; target: ResourceSpec }> {
  const fields = spec.fields.filter((field) => field.kind !== 'scalar' && !field.writeOnly && registry.has(field.target!));
  const inverse = spec.inverse.filter((relation) => registry.has(relation.target));
  return [
    ...fields.map((field) => ({ name: field.name, target: registry.get(field.target!)! })),
    ...inverse.map((relation) => ({ name: naming.apiField(relation.property), target: registry.get(relation.target)! })),
  ];
}

/** Every path `?expand=` takes, `category` to `items.product.category`, at most `depth` levels; undefined when there are none. */
function expandParameter(registry: ResourceRegistry, spec: ResourceSpec, depth: number): Schema | undefined {
  const paths = (at: ResourceSpec, level: number): string[] =>
    level > depth ? [] : relationsOf(registry, at).flatMap(({ name, target }) => [name, ...paths(target, level + 1).map((below) => `${name}.${below}`)]);
  const all = paths(spec, 1);
  if (!all.length) return undefined;
  const top = relationsOf(registry, spec).map(({ name }) => name);
  return {
    type: 'array',
    items: { type: 'string', enum: all },
    description: `Relations to embed as objects instead of ids (comma-separated): ${top.join(', ')}, and below them with dots (\`${all.find((path) => path.includes('.')) ?? top[0]}\`), at most ${depth} levels (MAX_EXPAND_DEPTH).`,
  };
}

/** The fields `?ordering=` takes (parse-list-query.ts drops the others), each ascending or, with `-`, descending. */
function orderingValues(spec: ResourceSpec): string[] {
  return orderableFields(spec).flatMap((field) => [field.name, `-${field.name}`]);
}

function listParameters(spec: ResourceSpec, expand: Schema | undefined): Schema {
  const properties: Schema = {
    page: { type: 'integer', minimum: 1, description: 'A page number within the paginated result set.' },
    page_size: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Number of results per page (default 20, at most ${MAX_PAGE_SIZE}).` },
    ordering: {
      type: 'array',
      items: { type: 'string', enum: orderingValues(spec) },
      description: 'Which fields to order by, comma-separated; `-` for descending, e.g. `-price,name`.',
    },
    search: { type: 'string', description: `Terms (split on spaces and commas) that must each match one of: ${spec.searchFields.join(', ')}.` },
    ...(expand ? { expand } : {}),
  };
  for (const field of spec.fields) {
    if (field.writeOnly) continue;
    for (const lookup of lookupsFor(field)) properties[lookup === 'exact' ? field.name : `${field.name}__${lookup}`] = filterParameter(field, lookup);
  }
  return { type: 'object', properties };
}

const idParameter = { type: 'object', properties: { id: { type: 'integer', description: 'A unique integer value identifying this object.' } }, required: ['id'] };

/** OpenAPI for the six operations of one resource: ids, tags, parameters, bodies and every status each can return. */
export function operationDocs(registry: ResourceRegistry, spec: ResourceSpec, maxExpandDepth: number): Record<'list' | 'create' | 'retrieve' | 'update' | 'partialUpdate' | 'destroy', Schema> {
  const tags = [spec.path];
  const operationId = (verb: string) => naming.operationId(spec.path, verb);
  const one = { description: `The ${spec.verbose}, every field`, ...ref(naming.component(spec.name)) };
  const expand = expandParameter(registry, spec, maxExpandDepth);
  return {
    list: {
      tags,
      operationId: operationId('list'),
      summary: `List ${spec.verbose}s`,
      security: readSecurity,
      querystring: listParameters(spec, expand),
      response: { 200: { description: `A page of ${spec.verbose}s`, ...ref(naming.paginatedList(spec.name)) }, ...invalid, ...errors, 404: { description: 'Invalid page.', ...ref('ErrorDetail') } },
    },
    create: {
      tags,
      operationId: operationId('create'),
      summary: `Create a ${spec.verbose}`,
      body: ref(naming.request(spec.name)),
      response: { 201: one, ...invalid, ...errors },
    },
    retrieve: {
      tags,
      operationId: operationId('retrieve'),
      summary: `Retrieve a ${spec.verbose}`,
      params: idParameter,
      security: readSecurity,
      ...(expand ? { querystring: { type: 'object', properties: { expand } } } : {}),
      response: { 200: one, ...invalid, ...errors, ...notFound },
    },
    update: {
      tags,
      operationId: operationId('update'),
      summary: `Replace a ${spec.verbose}`,
      params: idParameter,
      body: ref(naming.request(spec.name)),
      response: { 200: one, ...invalid, ...errors, ...notFound },
    },
    partialUpdate: {
      tags,
      operationId: operationId('partial_update'),
      summary: `Update some fields of a ${spec.verbose}`,
      params: idParameter,
      body: ref(naming.patchedRequest(spec.name)),
      response: { 200: one, ...invalid, ...errors, ...notFound },
    },
    destroy: {
      tags,
      operationId: operationId('destroy'),
      summary: `Delete a ${spec.verbose}`,
      params: idParameter,
      response: { 204: { description: 'Deleted', type: 'null' }, ...invalid, ...errors, ...notFound },
    },
  };
}
