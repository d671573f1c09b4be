import { NULL_CHARACTERS, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { lookupValueProblem, searchTermsProblem } from '../limits/request-cost';
import { joinConditions, lookupSql, searchConditions, type Condition } from '../resources/read-rows';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Lookup, type Ordering } from '../resources/list-query';
import type { FieldSpec, ResourceSpec } from '../resources/registry';

type WhereInput = Record<string, unknown> & { AND?: WhereInput[]; OR?: WhereInput[]; NOT?: WhereInput; search?: string };

/** GraphQL values as the SQL compiler wants them: ids as numbers, and an error naming the field otherwise. */
function coerce(field: FieldSpec, path: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => coerce(field, path, item));
  if (typeof value === 'string' && value.includes('\u0000')) throw new ValidationError({ [path]: [NULL_CHARACTERS] });
  if (field.kind !== 'scalar' || field.property === 'id') {
    const id = Number(value);
    if (!Number.isSafeInteger(id)) throw new ValidationError({ [path]: [`"${String(value)}" is not a valid id.`] });
    return id;
  }
  if (field.type === 'decimal' && !/^-?\d{1,12}(\.\d+)?$/.test(String(value))) throw new ValidationError({ [path]: ['Enter a number.'] });
  return value;
}

/**
 * `where: { price: { gte: 10 }, name: { icontains: "mug" }, category: { id: { eq: 3 } }, OR: [...] }`
 * as one SQL condition: the lookups of REST, combined with AND, OR and NOT (DESIGN §6b).
 */
export function compileWhere(spec: ResourceSpec, schema: string, where: WhereInput | null | undefined, limits: Limits): Condition {
  if (!where) return { sql: 'true', params: [] };
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    if (key === 'AND') parts.push(joinConditions((value as WhereInput[]).map((item) => compileWhere(spec, schema, item, limits)), 'and'));
    else if (key === 'OR') parts.push(joinConditions((value as WhereInput[]).map((item) => compileWhere(spec, schema, item, limits)), 'or'));
    else if (key === 'NOT') {
      const inner = compileWhere(spec, schema, value as WhereInput, limits);
      parts.push({ sql: `not (${inner.sql})`, params: inner.params });
    } else if (key === 'search') {
      if (String(value).includes('\u0000')) throw new ValidationError({ search: [NULL_CHARACTERS] });
      const terms = String(value).split(/[\s,]+/).filter(Boolean);
      const problem = searchTermsProblem(terms, limits);
      if (problem) throw new ValidationError({ search: [problem] });
      parts.push(...searchConditions(spec, terms));
    } else {
      const field = spec.fields.find((candidate) => candidate.property === key)!;
      const operators = (field.kind === 'scalar' ? value : ((value as Record<string, unknown>).id ?? {})) as Record<string, unknown>;
      if (field.kind !== 'scalar' && typeof (value as Record<string, unknown>).isnull === 'boolean') {
        parts.push(lookupSql(schema, { field, lookup: 'isnull', value: (value as Record<string, unknown>).isnull }));
      }
      for (const [operator, operand] of Object.entries(operators)) {
        if (operand === undefined || operand === null) continue;
        const lookup = (operator === 'eq' ? 'exact' : operator) as Lookup;
        if (lookup === 'range' && (operand as unknown[]).length !== 2) throw new ValidationError({ [`${key}.range`]: ['Give exactly two values.'] });
        const problem = lookupValueProblem(operand, limits);
        if (problem) throw new ValidationError({ [`${key}.${operator}`]: [problem] });
        const parsed = lookup === 'isnull' ? operand : coerce(field, `${key}.${operator}`, operand);
        parts.push(lookupSql(schema, { field, lookup, value: parsed }));
      }
    }
  }
  return joinConditions(parts, 'and');
}

/** `orderBy: [{ price: DESC }, { name: ASC }]` as the resources' Ordering. */
export function compileOrderBy(spec: ResourceSpec, orderBy: Array<Record<string, string | null | undefined>> | null | undefined): Ordering[] {
  const ordering: Ordering[] = [];
  for (const item of orderBy ?? []) {
    const keys = Object.entries(item).filter(([, direction]) => direction);
    // graphql-js coerces an input object in the order its fields are defined, not written: `{ stock: DESC, id: ASC }`
    // would sort by id first, whatever the client wrote. Prisma refuses such items too.
    if (keys.length > 1) {
      const named = keys.map(([key]) => key).join(', ');
      throw new ValidationError({
        orderBy: [`Each orderBy item takes exactly one field (this one has ${keys.length}: ${named}); write one item per field, in the order to sort by: [{ price: DESC }, { name: ASC }], not [{ price: DESC, name: ASC }].`],
      });
    }
    for (const [key, direction] of keys) {
      const field = spec.fields.find((candidate) => candidate.property === key);
      if (field) ordering.push({ field, descending: direction === 'desc' });
    }
  }
  return ordering;
}

/** `page` and `pageSize` checked, the size capped at the REST maximum. */
export function compilePage(page: number | null | undefined, pageSize: number | null | undefined) {
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  if (size < 1) throw new ValidationError({ pageSize: ['Ensure this value is greater than or equal to 1.'] });
  if ((page ?? 1) < 1) throw new ValidationError({ page: ['Ensure this value is greater than or equal to 1.'] });
  return { page: page ?? 1, pageSize: Math.min(size, MAX_PAGE_SIZE) };
}

/** A one-to-many field's arguments, `product.reviews(where:, orderBy:, pageSize:)`: which children, in which order, how many per parent. */
export function compileChildren(spec: ResourceSpec, schema: string, args: Record<string, unknown>, limits: Limits): { where: Condition; ordering: Ordering[]; limit: number } {
  return {
    where: compileWhere(spec, schema, args.where as WhereInput | null | undefined, limits),
    ordering: compileOrderBy(spec, args.orderBy as Array<Record<string, string | null | undefined>> | null | undefined),
    limit: compilePage(1, args.pageSize as number | null | undefined).pageSize,
  };
}
