import type { FastifyInstance } from 'fastify';
import { assertCanWrite, requireUser } from '../auth/rules';
import type { RequestScope } from '../auth/request-scope';
import { PermissionDenied } from '../errors';
import { lookupsFor, LOOKUPS } from '../resources/read-query';
import { naming } from '../resources/naming';
import { orderableFields, type FieldSpec, type ResourceRegistry, type ResourceSpec } from '../resources/registry';
import { readSecurity } from '../http/route-docs-helpers';
import { inclusiveMinimum } from './simple-metadata';

/** Fields a record is best named by, in order of preference (else its id). */
const DISPLAY_FIELDS = ['name', 'title', 'label', 'email', 'sku', 'slug'];

const FIELD_TYPES = ['integer', 'string', 'text', 'decimal', 'boolean', 'datetime', 'json', 'enum'];

const fieldMetadataSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'category' },
    type: { type: 'string', enum: FIELD_TYPES, description: 'The value type; relations carry ids (`integer`).' },
    kind: { type: 'string', enum: ['scalar', 'reference', 'collection'], description: '`reference`: one id (many-to-one); `collection`: a list of ids (many-to-many).' },
    required: { type: 'boolean', description: 'Must be sent on create.' },
    read_only: { type: 'boolean' },
    write_only: { type: 'boolean', description: 'Accepted on writes, never returned (passwords).' },
    nullable: { type: 'boolean' },
    allow_blank: { type: 'boolean', description: 'Text that may be empty.' },
    choices: { type: 'array', items: { type: 'string' }, nullable: true, description: 'The allowed values of an `enum` field.' },
    max_length: { type: 'integer', nullable: true },
    minimum: { type: 'number', nullable: true },
    maximum: { type: 'number', nullable: true },
    target: { type: 'string', nullable: true, description: 'Relations: the resource (`name`) the ids point at.', example: 'Category' },
    lookups: {
      type: 'array',
      items: { type: 'string', enum: [...LOOKUPS] },
      description: 'django-filter lookups of the list: `exact` is `?field=`, the others `?field__<lookup>=`.',
    },
  },
  required: ['name', 'type', 'kind', 'required', 'read_only', 'write_only', 'nullable', 'allow_blank', 'choices', 'max_length', 'minimum', 'maximum', 'target', 'lookups'],
};

const resourceMetadataSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'Product' },
    path: { type: 'string', description: 'The list is `/api/<path>/`, one record `/api/<path>/<id>/`.', example: 'products' },
    verbose_name: { type: 'string', example: 'product' },
    display_field: { type: 'string', description: 'The field a record is shown by (in references, titles).', example: 'name' },
    search_fields: { type: 'array', items: { type: 'string' }, description: 'Fields `?search=` looks in.' },
    ordering_fields: { type: 'array', items: { type: 'string' }, description: 'Fields `?ordering=` accepts (`-` for descending).' },
    can_write: { type: 'boolean', description: 'Whether the caller may create, change and delete records here (false in `public`).' },
    fields: { type: 'array', items: fieldMetadataSchema },
    related: {
      type: 'array',
      description: 'One-to-many relations declared on the entity (an order\'s items): the records of `target` whose `field` is this record.',
      items: {
        type: 'object',
        properties: { name: { type: 'string', example: 'items' }, target: { type: 'string', example: 'OrderItem' }, field: { type: 'string', example: 'order' } },
        required: ['name', 'target', 'field'],
      },
    },
  },
  required: ['name', 'path', 'verbose_name', 'display_field', 'search_fields', 'ordering_fields', 'can_write', 'fields', 'related'],
};

const metadataSchema = {
  $id: 'ResourceMetadataList',
  type: 'object',
  description: 'Every REST resource, described from the entity metadata, as the admin panel builds its screens from it.',
  properties: {
    can_write: { type: 'boolean', description: 'false in the read-only `public` schema.' },
    read_only_reason: { type: 'string', nullable: true, description: 'Why the caller cannot write, when they cannot.' },
    resources: { type: 'array', items: resourceMetadataSchema },
  },
  required: ['can_write', 'read_only_reason', 'resources'],
};

const docs = {
  tags: ['auth'],
  operationId: 'resources_metadata_retrieve',
  summary: 'Describe every resource for the caller',
  security: readSecurity,
  description:
    'Names, paths, fields (type, required, read-only, nullable, choices, maximum length, relation target and kind), search, ordering and filter lookups of every REST resource, and whether the caller may write (not in `public`). The admin panel is generated from it.',
  response: {
    200: { description: 'The resources', $ref: 'ResourceMetadataList#' },
    401: { description: 'No or bad credentials', $ref: 'ErrorDetail#' },
    403: { description: 'Not allowed: an unknown Api-Key', $ref: 'ErrorDetail#' },
    500: { description: 'A bug: quote the request_id', $ref: 'ErrorDetail#' },
    502: { description: 'The request ran past the deadline', $ref: 'ErrorDetail#' },
    503: { description: 'Database unavailable, client still provisioning, or overload (see Retry-After)', $ref: 'ErrorDetail#' },
  },
};

function displayField(spec: ResourceSpec): string {
  const scalars = new Set(spec.fields.filter((field) => field.kind === 'scalar' && !field.writeOnly).map((field) => field.name));
  return DISPLAY_FIELDS.find((name) => scalars.has(name)) ?? 'id';
}

function describeField(field: FieldSpec) {
  return {
    name: field.name,
    type: field.type,
    kind: field.kind,
    required: field.required,
    read_only: field.readOnly,
    write_only: field.writeOnly,
    nullable: field.nullable,
    allow_blank: field.allowBlank,
    choices: field.enumValues ?? null,
    max_length: field.maxLength ?? null,
    minimum: inclusiveMinimum(field) ?? null,
    maximum: field.maximum ?? null,
    target: field.target ?? null,
    lookups: field.writeOnly ? [] : lookupsFor(field),
  };
}

/** The entity's one-to-many relations, each as the target's reference field that points back. */
function relatedOf(registry: ResourceRegistry, spec: ResourceSpec) {
  return spec.inverse.flatMap((inverse) => {
    const back = registry.get(inverse.target)?.fields.find((field) => field.kind === 'reference' && field.columns[0] === inverse.column);
    return back ? [{ name: naming.apiField(inverse.property), target: inverse.target, field: back.name }] : [];
  });
}

function describeResource(registry: ResourceRegistry, spec: ResourceSpec, canWrite: boolean) {
  return {
    name: spec.name,
    path: spec.path,
    verbose_name: spec.verbose,
    display_field: displayField(spec),
    search_fields: spec.searchFields,
    ordering_fields: orderableFields(spec).map((field) => field.name),
    can_write: canWrite,
    fields: spec.fields.map(describeField),
    related: relatedOf(registry, spec),
  };
}

/** Why the caller may not write, asked of the access rules themselves (null: they may). */
export function writeDenied(scope: RequestScope): string | null {
  try {
    assertCanWrite(scope);
    return null;
  } catch (error) {
    if (error instanceof PermissionDenied) return error.message;
    throw error;
  }
}

export function describeResources(registry: ResourceRegistry, scope: RequestScope) {
  requireUser(scope);
  const denied = writeDenied(scope);
  const canWrite = denied === null;
  return {
    can_write: canWrite,
    read_only_reason: denied,
    resources: [...registry.values()].map((spec) => describeResource(registry, spec, canWrite)),
  };
}

/** `GET /api/resources/`: the registry as data, for clients that build their screens from it (the admin panel). */
export function registerResourceMetadataRoutes(app: FastifyInstance, registry: ResourceRegistry): void {
  app.addSchema(metadataSchema);
  app.get('/api/resources/', { schema: docs }, async (request) => describeResources(registry, request.scope));
}
