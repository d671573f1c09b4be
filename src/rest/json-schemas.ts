import { naming } from '../resources/naming';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from '../resources/registry';
import { inclusiveMinimum } from './simple-metadata';

/** Django's SlugField, as drf-spectacular documents it. */
const SLUG_PATTERN = '^[-a-zA-Z0-9_]+$';

type JsonSchema = Record<string, unknown>;

/** Whether the database refuses negative values (`price >= 0`). */
const nonNegative = (field: FieldSpec) => (field.minimum ?? field.exclusiveMinimum ?? -1) >= 0;

function decimalPattern(field: FieldSpec): string {
  const places = field.decimalPlaces ?? 2;
  const whole = (field.maxDigits ?? 10) - places;
  return `^${nonNegative(field) ? '' : '-?'}\\d{1,${whole}}(?:\\.\\d{1,${places}})?$`;
}

function scalarSchema(field: FieldSpec): JsonSchema {
  switch (field.type) {
    case 'integer':
      return { type: 'integer', ...range(field) };
    case 'decimal':
      return { type: 'string', pattern: decimalPattern(field) };
    case 'boolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'string', enum: field.enumValues };
    case 'json':
      return { type: 'object', additionalProperties: true };
    default:
      return {
        type: 'string',
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.allowBlank ? {} : { minLength: 1 }),
        ...(field.pattern ? { pattern: field.pattern } : {}),
        ...(field.format === 'email' ? { format: 'email' } : {}),
        ...(field.format === 'slug' ? { pattern: SLUG_PATTERN } : {}),
      };
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

/**
 * A field in a response: relations are ids, or the related object when expanded.
 * `oneOf` an integer and an object, so a generated client narrows it (`typeof p.category === 'object'`).
 */
function responseField(field: FieldSpec): JsonSchema {
  const expandable = `Its id, or the ${naming.verbose(field.target ?? '')} itself with \`expand=${field.name}\`.`;
  if (field.kind === 'reference') return { oneOf: [nullable({ type: 'integer' }, field), { $ref: `${field.target}#` }], description: expandable };
  if (field.kind === 'collection') return { type: 'array', items: { oneOf: [{ type: 'integer' }, { $ref: `${field.target}#` }] }, description: expandable };
  const schema = scalarSchema(field);
  return nullable(field.readOnly ? { ...schema, readOnly: true } : schema, field);
}

function requestField(field: FieldSpec): JsonSchema {
  if (field.kind === 'reference') return nullable({ type: 'integer' }, field);
  if (field.kind === 'collection') return { type: 'array', items: { type: 'integer' } };
  const schema = scalarSchema(field);
  return nullable(field.writeOnly ? { ...schema, writeOnly: true } : schema, field);
}

/**
 * The shortest string a simple pattern matches (`^[A-Z]{2}$` → `AA`): each atom is
 * a character, a class (its first character) or `\\d`, with `{n}`, `{n,m}`, `+`, `*`, `?`.
 */
function patternExample(pattern: string): string {
  let example = '';
  const atoms = /(\[\^?([^\]])[^\]]*\]|\\d|\\w|\\.|[^\\[^$])(\{(\d+)(?:,\d*)?\}|[+*?])?/g;
  for (const [, atom, firstInClass, quantifier, count] of pattern.replace(/^\^|\$$/g, '').matchAll(atoms)) {
    const char = atom === '\\d' ? '0' : atom === '\\w' ? 'a' : firstInClass ?? atom.replace(/^\\/, '');
    const times = count !== undefined ? Number(count) : quantifier === '*' || quantifier === '?' ? 0 : 1;
    example += char.repeat(times);
  }
  if (!new RegExp(pattern).test(example)) throw new Error(`No example for the pattern ${pattern}: give the check a simpler one, or teach patternExample`);
  return example;
}

/** A value the server and the database accept, for the request examples (Swagger UI's "Try it out", Postman). */
function exampleValue(field: FieldSpec): unknown {
  // Id 1 of every table is in the reference data, so in every fresh client.
  if (field.kind === 'reference') return 1;
  if (field.kind === 'collection') return [1];
  switch (field.type) {
    case 'integer':
      return Math.min(Math.max(inclusiveMinimum(field) ?? 1, 1), field.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'decimal':
      return '19.90';
    case 'boolean':
      return true;
    case 'datetime':
      return '2024-05-01T12:00:00Z';
    case 'enum':
      return field.enumValues![0];
    case 'json':
      return {};
    default: {
      if (field.pattern) return patternExample(field.pattern);
      if (field.format === 'slug') return `example-${naming.kebab(field.name)}`.slice(0, field.maxLength);
      const text = field.format === 'email' || field.name.endsWith('email') ? 'example@example.com' : `Example ${naming.verboseField(field.name)}`;
      return text.slice(0, field.maxLength);
    }
  }
}

/** A create (and PUT) body: every required field, and every other writable one but JSON. */
function createExample(writable: FieldSpec[]): JsonSchema {
  return Object.fromEntries(writable.filter((field) => field.required || field.type !== 'json').map((field) => [field.name, exampleValue(field)]));
}

/** A PATCH body: one field, not a unique one where there is a choice (it may be sent to any row). */
function patchExample(writable: FieldSpec[]): JsonSchema {
  const field = writable.find((candidate) => candidate.kind === 'scalar' && !candidate.unique && candidate.type !== 'json') ?? writable[0];
  return field ? { [field.name]: exampleValue(field) } : {};
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
    {
      $id: naming.request(spec.name),
      ...request,
      required: writable.filter((field) => field.required).map((field) => field.name),
      example: createExample(writable),
    },
    { $id: naming.patchedRequest(spec.name), ...request, example: patchExample(writable) },
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
