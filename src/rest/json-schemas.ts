import { naming } from '../resources/naming';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from '../resources/registry';

type JsonSchema = Record<string, unknown>;

function scalarSchema(field: FieldSpec): JsonSchema {
  switch (field.type) {
    case 'integer':
      return { type: 'integer', ...range(field) };
    case 'decimal':
      return { type: 'string', pattern: `^-?\\d{0,${(field.maxDigits ?? 10) - (field.decimalPlaces ?? 2)}}(?:\\.\\d{0,${field.decimalPlaces ?? 2}})?$` };
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'string', enum: field.enumValues };
    case 'json':
      return { type: 'object', additionalProperties: true };
    default:
      return { type: 'string', ...(field.maxLength ? { maxLength: field.maxLength } : {}), ...(field.allowBlank ? {} : { minLength: 1 }) };
  }
}

function range(field: FieldSpec): JsonSchema {
  return {
    ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
    ...(field.exclusiveMinimum !== undefined ? { minimum: field.exclusiveMinimum + 1 } : {}),
    ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
  };
}

function nullable(schema: JsonSchema, field: FieldSpec): JsonSchema {
  return field.nullable ? { ...schema, nullable: true } : schema;
}

/** A field in a response: relations are ids, or the related object when expanded. */
function responseField(field: FieldSpec): JsonSchema {
  if (field.kind === 'reference') return { anyOf: [nullable({ type: 'integer' }, field), { $ref: `${field.target}#` }] };
  if (field.kind === 'collection') return { type: 'array', items: { anyOf: [{ type: 'integer' }, { $ref: `${field.target}#` }] } };
  const schema = scalarSchema(field);
  return nullable(field.readOnly ? { ...schema, readOnly: true } : schema, field);
}

function requestField(field: FieldSpec): JsonSchema {
  if (field.kind === 'reference') return nullable({ type: 'integer' }, field);
  if (field.kind === 'collection') return { type: 'array', items: { type: 'integer' } };
  const schema = scalarSchema(field);
  return nullable(field.writeOnly ? { ...schema, writeOnly: true } : schema, field);
}

/** The four components drf-spectacular names per model, generated from the resource spec. */
export function componentSchemas(spec: ResourceSpec): JsonSchema[] {
  const visible = spec.fields.filter((field) => !field.writeOnly);
  const writable = spec.fields.filter((field) => !field.readOnly);
  const request = {
    type: 'object',
    properties: Object.fromEntries(writable.map((field) => [field.name, requestField(field)])),
  };
  return [
    {
      $id: naming.component(spec.name),
      type: 'object',
      properties: {
        ...Object.fromEntries(visible.map((field) => [field.name, responseField(field)])),
        // One-to-many relations are in a response only when `expand` asks for them (drf-flex-fields).
        ...Object.fromEntries(
          spec.inverse.map((inverse) => [
            naming.apiField(inverse.property),
            { type: 'array', readOnly: true, items: { $ref: `${inverse.target}#` }, description: `Only with \`expand=${naming.apiField(inverse.property)}\`.` },
          ]),
        ),
      },
      required: visible.map((field) => field.name),
    },
    { $id: naming.request(spec.name), ...request, required: writable.filter((field) => field.required).map((field) => field.name) },
    { $id: naming.patchedRequest(spec.name), ...request },
    {
      $id: naming.paginatedList(spec.name),
      type: 'object',
      required: ['count', 'next', 'previous', 'results'],
      properties: {
        count: { type: 'integer', example: 123 },
        next: { type: 'string', format: 'uri', nullable: true, example: `http://api.example.org/api/${spec.path}/?page=4` },
        previous: { type: 'string', format: 'uri', nullable: true, example: `http://api.example.org/api/${spec.path}/?page=2` },
        results: { type: 'array', items: { $ref: `${naming.component(spec.name)}#` } },
      },
    },
  ];
}

export function allComponentSchemas(registry: ResourceRegistry): JsonSchema[] {
  return [...registry.values()].flatMap(componentSchemas);
}
