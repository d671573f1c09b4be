import { lookupsFor, MAX_PAGE_SIZE } from '../resources/list-query';
import { naming } from '../resources/naming';
import type { ResourceSpec } from '../resources/registry';

type Schema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `${id}#` });

/** Error bodies shared by every route (DESIGN §6). */
export const errorSchemas: Schema[] = [
  {
    $id: 'ErrorDetail',
    type: 'object',
    description: 'An error: `detail` says what was wrong; 401s add `code` (and `messages` for tokens), 500s a `request_id` to quote.',
    properties: {
      detail: { type: 'string', example: 'Not found.' },
      code: { type: 'string' },
      messages: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } },
      request_id: { type: 'string' },
    },
    required: ['detail'],
  },
  {
    $id: 'ValidationErrors',
    type: 'object',
    minProperties: 1,
    description: 'Only the failing fields, each with its messages; `non_field_errors` for the rest.',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { price: ['Ensure this value is greater than or equal to 0.'] },
  },
];

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

function listParameters(spec: ResourceSpec): Schema {
  const properties: Schema = {
    page: { type: 'integer', minimum: 1, description: 'A page number within the paginated result set.' },
    page_size: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Number of results per page (default 20, at most ${MAX_PAGE_SIZE}).` },
    ordering: { type: 'string', description: 'Which fields to order by, comma-separated; `-` for descending, e.g. `-price,name`.' },
    search: { type: 'string', description: `Terms (split on spaces and commas) that must each match one of: ${spec.searchFields.join(', ')}.` },
    expand: { type: 'string', description: `Relations to embed as objects: ${spec.fields.filter((f) => f.kind !== 'scalar').map((f) => f.name).join(', ') || 'none'}.` },
  };
  for (const field of spec.fields) {
    if (field.writeOnly) continue;
    for (const lookup of lookupsFor(field)) {
      const name = lookup === 'exact' ? field.name : `${field.name}__${lookup}`;
      const many = lookup === 'in' || lookup === 'range';
      properties[name] = {
        type: lookup === 'isnull' ? 'boolean' : 'string',
        description: many ? `${lookup} (comma-separated)` : lookup,
      };
    }
  }
  return { type: 'object', properties };
}

const expandParameter = { type: 'object', properties: { expand: { type: 'string', description: 'Relations to embed as objects.' } } };
const idParameter = { type: 'object', properties: { id: { type: 'integer', description: 'A unique integer value identifying this object.' } }, required: ['id'] };

/** OpenAPI for the six operations of one resource: ids, tags, parameters, bodies and every status each can return. */
export function operationDocs(spec: ResourceSpec): Record<'list' | 'create' | 'retrieve' | 'update' | 'partialUpdate' | 'destroy', Schema> {
  const tags = [spec.path];
  const operationId = (verb: string) => `${spec.path.replaceAll('-', '_')}_${verb}`;
  const one = { description: `The ${spec.verbose}, every field`, ...ref(naming.component(spec.name)) };
  return {
    list: {
      tags,
      operationId: operationId('list'),
      summary: `List ${spec.verbose}s`,
      querystring: listParameters(spec),
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
      querystring: expandParameter,
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
