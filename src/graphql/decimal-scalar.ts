import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** What the resources service takes for a decimal field (validate-input.ts): digits, a point, digits. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

function decimalText(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !DECIMAL.test(text)) {
    throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value) ?? String(value)}: write a number such as 9.90 or a string such as "9.90".`);
  }
  return text;
}

/**
 * Money (`price`, `unitPrice`): numeric(10,2) in PostgreSQL, so never a Float. Taken as a number or a
 * string, in literals (where the digits are kept as written: `9.90` stays "9.90") and in variables;
 * answered as the exact string PostgreSQL gives, as REST does (DRF's COERCE_DECIMAL_TO_STRING).
 */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'An exact decimal number, such as a price. Written as a number (`9.9`, `10`) or a string (`"9.90"`), in literals and in variables; read as a string that keeps every digit (`"9.90"`), never a float.',
  serialize: decimalText,
  parseValue: decimalText,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING) return decimalText(ast.value);
    throw new GraphQLError(`Decimal cannot represent a ${ast.kind} value: write a number such as 9.90 or a string such as "9.90".`, { nodes: ast });
  },
});
