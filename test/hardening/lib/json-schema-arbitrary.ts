import fc from 'fast-check';

/** The part of OpenAPI 3.0's schema dialect our document uses. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  readOnly?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** Strings a parser or the database might choke on: NUL, lone surrogates, SQL and LIKE metacharacters, numbers out of range. */
export const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '💥',
  "'; drop table products; --",
  '%',
  '_',
  '\\',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e400',
  '99999999999999999999',
  '-2147483649',
  '1.5',
  '2024-13-45',
  '0000-00-00T00:00:00Z',
  'true',
  ',',
  ',,',
  '1,',
  ',1',
  'a'.repeat(5000),
);

/** Any string, including control characters, astral and unpaired code units, and the nasty ones. */
export const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }), nastyStrings);

/** A JSON value of the wrong kind for almost any field. */
export const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** Ids that mostly exist in the reference data, sometimes not, sometimes out of any range. */
export const someId = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER) });

export type Resolve = (ref: string) => Schema;

/**
 * Values valid for `schema` (as far as the document says: ids may still be
 * missing rows, strings may still clash with a unique constraint). Integers
 * without bounds are ids, so they mostly hit existing rows.
 */
export function valid(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valid(resolve(schema.$ref), resolve, depth);
  const base = validNonNull(schema, resolve, depth);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function validNonNull(schema: Schema, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    // `category: integer | Category` (expanded): the id; a nested object would recurse through the tree.
    const plain = variants.filter((variant) => !variant.$ref);
    return fc.oneof(...(plain.length ? plain : variants).map((variant) => valid(variant, resolve, depth)));
  }
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      if (schema.minimum === undefined && schema.maximum === undefined) return someId;
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
    case 'number':
      return fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true, noDefaultInfinity: true });
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case 'array':
      return fc.array(valid(schema.items ?? {}, resolve, depth + 1), { maxLength: 4 });
    case 'object':
    case undefined: {
      if (!schema.properties) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      const writable = Object.fromEntries(Object.entries(schema.properties).filter(([, property]) => !property.readOnly).map(([name, property]) => [name, valid(property, resolve, depth + 1)]));
      return fc.record(writable, { requiredKeys: (schema.required ?? []).filter((name) => name in writable) });
    }
    default:
      return anyJson;
  }
}

/** A body that breaks `schema` in one way: a field of the wrong kind, a required one missing, or not an object at all. */
export function invalid(schema: Schema, resolve: Resolve): fc.Arbitrary<unknown> {
  const resolved = schema.$ref ? resolve(schema.$ref) : schema;
  const properties = Object.keys(resolved.properties ?? {});
  const notAnObject = fc.oneof(fc.jsonValue({ maxDepth: 2 }).filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)), fc.constant([]));
  if (properties.length === 0) return notAnObject;
  const base = valid(resolved, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const wrongField = fc.tuple(base, fc.constantFrom(...properties), anyJson).map(([body, field, value]) => ({ ...body, [field]: value }));
  const nastyField = fc.tuple(base, fc.constantFrom(...properties), nastyStrings).map(([body, field, value]) => ({ ...body, [field]: value }));
  const missing = fc.tuple(base, fc.constantFrom(...(resolved.required?.length ? resolved.required : properties))).map(([body, field]) => {
    const { [field]: _dropped, ...rest } = body;
    return rest;
  });
  return fc.oneof({ weight: 3, arbitrary: wrongField }, { weight: 2, arbitrary: nastyField }, { weight: 2, arbitrary: missing }, { weight: 1, arbitrary: notAnObject });
}
