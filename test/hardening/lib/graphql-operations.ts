import fc from 'fast-check';
import {
  astFromValue,
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  isLeafType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { anyJson, anyString, someId } from './json-schema-arbitrary';

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface OperationOptions {
  /** How deep selections go below the root field (the server refuses depth > 8; some documents must cross it). */
  maxDepth: number;
  /** Ids that mutations must not name: the fuzzing account's own client and user row. */
  avoidIds: number[];
  /** Chance that a variable gets a value of the wrong type. */
  wrongVariableRate: number;
}

const scalars: Record<string, fc.Arbitrary<unknown>> = {
  Int: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 120 }) }, { weight: 1, arbitrary: fc.integer() }),
  Float: fc.double({ noNaN: true, noDefaultInfinity: true }),
  String: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('lamp', 'mug', 'a', '10.00', 'sandbox') }, { weight: 2, arbitrary: anyString }),
  Boolean: fc.boolean(),
  ID: fc.oneof({ weight: 5, arbitrary: someId.map(String) }, { weight: 1, arbitrary: fc.constantFrom('abc', '1.5', '', '99999999999999999999') }),
  Decimal: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('10', '10.00', '0', '0.01', '-1', '9.99', '1e2', '99999999.99', '123456789012', '1.234', 'abc', '') },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 500 }) },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  ),
  DateTime: dateTimes(),
  JSON: jsonObjects(),
};

function dateTimes(): fc.Arbitrary<string> {
  const instant = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
  return fc.oneof(instant.map((date) => date.toISOString()), instant.map((date) => date.toISOString().slice(0, 10)), fc.constantFrom('2024-02-30', 'yesterday', ''));
}

function jsonObjects(): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });
}

/** How deep input objects nest: AND/OR/NOT and relation paths (`category: { parent: { … } }`) are recursive. */
const MAX_INPUT_DEPTH = 6;

/** Draws operations imperatively (fc.gen): a recursive walk over the schema is far simpler than nested arbitraries. */
class OperationBuilder {
  private readonly variables: Array<{ name: string; type: string; value: unknown }> = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly draw: fc.GeneratorValue,
    private readonly options: OperationOptions,
    private readonly mutation: boolean,
  ) {}

  value(type: GraphQLInputType, depth: number, name: string): unknown {
    if (type instanceof GraphQLNonNull) return this.value(type.ofType, depth, name);
    if (type instanceof GraphQLList) {
      const length = this.draw(fc.integer, { min: 0, max: 3 });
      return Array.from({ length }, () => this.value(type.ofType, depth + 1, name));
    }
    if (type instanceof GraphQLEnumType) return this.draw(fc.constantFrom, ...type.getValues().map((value) => value.name));
    if (type instanceof GraphQLScalarType) {
      if (name === 'id' && this.mutation) return String(this.draw(() => someId.filter((id) => id > 0 && !this.options.avoidIds.includes(id))));
      return this.draw(() => scalars[type.name] ?? anyJson);
    }
    const object = type as GraphQLInputObjectType;
    const result: Record<string, unknown> = {};
    for (const field of Object.values(object.getFields())) {
      const required = field.type instanceof GraphQLNonNull;
      const nested = !isLeafType(getNamedType(field.type));
      // AND/OR/NOT and relation filters nest: thin out with depth so documents stay finite,
      // but let some relation paths run deep (they found the crashes this suite pins).
      if (!required && !this.draw(fc.boolean)) continue;
      if (!required && nested && (depth >= MAX_INPUT_DEPTH || (depth >= 2 && this.draw(fc.integer, { min: 0, max: depth }) !== 0))) continue;
      if (!required && this.draw(fc.integer, { min: 0, max: 5 }) === 0) {
        result[field.name] = null;
        continue;
      }
      result[field.name] = this.value(field.type, depth + 1, field.name);
    }
    return result;
  }

  /** An argument as an inline literal or as a variable (sometimes of the wrong type). */
  argument(arg: GraphQLArgument): string {
    const value = this.value(arg.type, 0, arg.name);
    const literal = this.draw(fc.integer, { min: 0, max: 3 }) === 0 ? safeLiteral(value, arg.type) : undefined;
    if (literal !== undefined) return `${arg.name}: ${literal}`;
    const name = `v${this.variables.length}`;
    const wrong = this.draw(fc.double, { min: 0, max: 1, noNaN: true }) < this.options.wrongVariableRate;
    this.variables.push({ name, type: String(arg.type), value: wrong ? this.draw(() => anyJson) : value });
    return `${arg.name}: $${name}`;
  }

  field(field: GraphQLField<unknown, unknown>, depth: number): string | undefined {
    const named = getNamedType(field.type);
    if (!isLeafType(named) && depth >= this.options.maxDepth) return undefined;
    const args = field.args.filter((arg) => arg.type instanceof GraphQLNonNull || this.draw(fc.boolean)).map((arg) => this.argument(arg));
    const head = args.length ? `${field.name}(${args.join(', ')})` : field.name;
    if (isLeafType(named)) return head;
    return `${head} ${this.selection(field.type, depth + 1)}`;
  }

  selection(type: GraphQLOutputType, depth: number): string {
    const object = getNamedType(type) as GraphQLObjectType;
    const fields = Object.values(object.getFields());
    const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
    // Indexes, not the fields: fc.gen compares a builder's arguments, and schema objects are cyclic.
    const chosen = this.draw(() => fc.uniqueArray(fc.integer({ min: 0, max: fields.length - 1 }), { minLength: 1, maxLength: 4 })).map((index) => fields[index]);
    const printed = chosen.map((field) => this.field(field, depth)).filter((text): text is string => text !== undefined);
    if (printed.length === 0) printed.push(leaves.length ? leaves[0].name : '__typename');
    return `{ ${printed.join(' ')} }`;
  }

  operation(): GraphQLRequest {
    const root = (this.mutation ? this.schema.getMutationType() : this.schema.getQueryType())!;
    const rootFields = Object.values(root.getFields());
    const count = this.mutation ? 1 : this.draw(fc.integer, { min: 1, max: 3 });
    const picked = Array.from({ length: count }, () => rootFields[this.draw(fc.integer, { min: 0, max: rootFields.length - 1 })]);
    const body = picked.map((field, index) => `f${index}: ${this.field(field, 0) ?? field.name}`).join(' ');
    const declarations = this.variables.map(({ name, type }) => `$${name}: ${type}`).join(', ');
    const keyword = this.mutation ? 'mutation' : 'query';
    return {
      query: `${keyword} Fuzz${declarations ? `(${declarations})` : ''} { ${body} }`,
      variables: Object.fromEntries(this.variables.map(({ name, value }) => [name, value])),
    };
  }
}

function safeLiteral(value: unknown, type: GraphQLInputType): string | undefined {
  try {
    const ast = astFromValue(value, type);
    return ast ? print(ast) : undefined;
  } catch {
    return undefined; // JSON values and the like: pass them as variables
  }
}

/** Random valid (by shape) queries: root fields with arguments of the right types and nested selections. */
export function queries(schema: GraphQLSchema, options: OperationOptions): fc.Arbitrary<GraphQLRequest> {
  return fc.gen().map((draw) => new OperationBuilder(schema, draw, options, false).operation());
}

/** Random mutations: creates, updates and deletes with generated inputs, and the auth and client mutations. */
export function mutations(schema: GraphQLSchema, options: OperationOptions): fc.Arbitrary<GraphQLRequest> {
  return fc.gen().map((draw) => new OperationBuilder(schema, draw, options, true).operation());
}
