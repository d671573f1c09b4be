import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { GraphQLISODateTime } from 'type-graphql';
import { drfDatetime } from '../resources/datetime-text';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2024-01-01` as midnight UTC, as REST's filters read it; undefined for anything else. */
function dateOnly(value: string): Date | undefined {
  if (!DATE_ONLY.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  // `2024-02-30` would roll over to March 1st.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new GraphQLError(`DateTime cannot represent an invalid date ${value}.`);
  }
  return date;
}

const stock = GraphQLISODateTime.toConfig();

/** A timestamp as the readers give it (src/sql/sql-text.ts datetimeText): UTC, six fractional digits. */
const READ_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/**
 * Timestamps as ISO 8601 text (`2024-01-12T20:49:27Z`, the text REST gives), the name most clients and code generators
 * know. Besides RFC 3339 date-times it takes a date alone as input (`placedAt: { gte: "2024-01-01" }`,
 * midnight UTC). Rows are read raw, not hydrated, so a timestamp may arrive as PostgreSQL's text
 * ("2023-01-12 20:49:27+00"), which type-graphql's scalar refuses to serialize.
 */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description:
    'A date-time in ISO 8601 (RFC 3339), such as `2024-01-12T20:49:27Z` or `2024-01-12T20:49:27.123456Z`; always answered at UTC, as REST renders it. As input, a date alone (`2024-01-01`) means midnight UTC.',
  // The same text REST gives (microseconds kept when there are some): read rows carry it already.
  serialize(value) {
    if (typeof value === 'string' && READ_TEXT.test(value)) return drfDatetime(value);
    const date = typeof value === 'string' ? new Date(value) : value;
    stock.serialize(date); // refuses what is not a valid date
    return drfDatetime(date as Date);
  },
  parseValue: (value) => (typeof value === 'string' && dateOnly(value)) || stock.parseValue!(value),
  parseLiteral(ast: ValueNode, variables) {
    if (ast.kind === Kind.STRING) {
      try {
        const date = dateOnly(ast.value);
        if (date) return date;
      } catch (error) {
        throw new GraphQLError((error as Error).message, { nodes: ast });
      }
    }
    return stock.parseLiteral!(ast, variables);
  },
});

const jsonKind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);
const notAnObject = (what: string) => `JSON here takes an object, such as {"color": "red"}; got ${what}.`;

/**
 * `attributes`: a JSON object, in and out, as REST takes and gives it (a jsonb column with a `{}`
 * default). Named `JSON`, as clients and code generators expect; arrays and bare values are refused.
 */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON object, such as `{"color": "red", "sizes": [1, 2]}` (arrays and bare values are refused).',
  specifiedByURL: 'https://www.ecma-international.org/publications-and-standards/standards/ecma-404/',
  serialize: (value) => JSONObjectResolver.serialize(value),
  parseValue(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GraphQLError(notAnObject(jsonKind(value)));
    return JSONObjectResolver.parseValue(value);
  },
  parseLiteral(ast: ValueNode, variables) {
    if (ast.kind !== Kind.OBJECT) throw new GraphQLError(notAnObject(`a ${ast.kind.toLowerCase().replace('value', '')} value`), { nodes: ast });
    return JSONObjectResolver.parseLiteral(ast, variables);
  },
});
