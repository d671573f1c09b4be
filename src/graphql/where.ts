import { NULL_CHARACTERS, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { lookupValueProblem, searchTermsProblem } from '../limits/request-cost';
import { joinConditions, lookupSql, relatedSql, searchConditions, type Condition, type RelatedPath } from '../resources/read-rows';
import type { Visible } from '../resources/read-tree';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Lookup, type Ordering } from '../resources/list-query';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from '../resources/registry';
import type { GraphQLContext } from './context';

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

/** What compiling a `where` needs besides the input: the tenant schema, every resource (relations lead to them), the limits and the caller's row rules. */
export interface WhereScope {
  schema: string;
  registry: ResourceRegistry;
  limits: Limits;
  visible: Visible;
}

export function whereScopeOf(ctx: GraphQLContext): WhereScope {
  return { schema: ctx.scope.schema, registry: ctx.resources.registry, limits: ctx.resources.limits, visible: ctx.resources.rowRule(ctx.scope) };
}

type RelationInput = Record<string, unknown> & { id?: Record<string, unknown>; isnull?: boolean; some?: WhereInput; every?: WhereInput; none?: WhereInput };

/**
 * `where: { price: { gte: 10 }, name: { icontains: "mug" }, category: { id: { eq: 3 } }, OR: [...] }`
 * as one SQL condition: the lookups of REST, combined with AND, OR and NOT (DESIGN §6b), and filters
 * on related rows (`category: { name: … }`, `tags: { some: … }`) as `exists` subqueries of the same
 * statement. Documents are held to MAX_FILTER_DEPTH and MAX_FILTER_CONDITIONS before they run (limits.ts).
 */
export function compileWhere(spec: ResourceSpec, scope: WhereScope, where: WhereInput | null | undefined, path = ''): Condition {
  if (!where) return { sql: 'true', params: [] };
  const { schema, limits } = scope;
  const parts: Condition[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    if (key === 'AND') parts.push(joinConditions((value as WhereInput[]).map((item) => compileWhere(spec, scope, item, path)), 'and'));
    else if (key === 'OR') parts.push(joinConditions((value as WhereInput[]).map((item) => compileWhere(spec, scope, item, path)), 'or'));
    else if (key === 'NOT') {
      const inner = compileWhere(spec, scope, value as WhereInput, path);
      parts.push({ sql: `not (${inner.sql})`, params: inner.params });
    } else if (key === 'search') {
      if (String(value).includes('\u0000')) throw new ValidationError({ [`${path}search`]: [NULL_CHARACTERS] });
      const terms = String(value).split(/[\s,]+/).filter(Boolean);
      const problem = searchTermsProblem(terms, limits);
      if (problem) throw new ValidationError({ [`${path}search`]: [problem] });
      parts.push(...searchConditions(spec, terms));
    } else {
      const field = spec.fields.find((candidate) => candidate.property === key);
      if (!field) {
        const inverse = spec.inverse.find((candidate) => candidate.property === key)!;
        parts.push(...toMany(scope, { kind: 'children', inverse }, scope.registry.get(inverse.target)!, value as RelationInput, `${path}${key}.`));
        continue;
      }
      if (field.kind === 'scalar') {
        parts.push(...lookups(schema, limits, field, value as Record<string, unknown>, `${path}${key}`));
        continue;
      }
      const { id, isnull, some, every, none, ...related } = value as RelationInput;
      // By id or isnull: the foreign key or the pivot, as REST compiles `?category=3`, `?tags__isnull=true`.
      if (typeof isnull === 'boolean') parts.push(lookupSql(schema, { field, lookup: 'isnull', value: isnull }));
      if (id) parts.push(...lookups(schema, limits, field, id, `${path}${key}`));
      const target = scope.registry.get(field.target!)!;
      if (field.kind === 'collection') parts.push(...toMany(scope, { kind: 'collection', field }, target, { some, every, none }, `${path}${key}.`));
      else if (Object.values(related).some((item) => item !== undefined && item !== null)) {
        const inner = compileWhere(target, scope, related as WhereInput, `${path}${key}.`);
        parts.push(relatedSql(schema, { kind: 'reference', field }, target, scope.visible(target, inner), true));
      }
    }
  }
  return joinConditions(parts, 'and');
}

/** `some`, `every`, `none` over related rows, as Prisma and Hasura read them: `every` holds when there is none. */
function toMany(scope: WhereScope, relation: RelatedPath, target: ResourceSpec, input: RelationInput, path: string): Condition[] {
  const parts: Condition[] = [];
  if (input.some) parts.push(relatedSql(scope.schema, relation, target, scope.visible(target, compileWhere(target, scope, input.some, `${path}some.`)), true));
  if (input.none) parts.push(relatedSql(scope.schema, relation, target, scope.visible(target, compileWhere(target, scope, input.none, `${path}none.`)), false));
  if (input.every) {
    // No related row for which the condition is not true (NULL counts as not matching, as in Prisma).
    const inner = compileWhere(target, scope, input.every, `${path}every.`);
    parts.push(relatedSql(scope.schema, relation, target, scope.visible(target, { sql: `(${inner.sql}) is not true`, params: inner.params }), false));
  }
  return parts;
}

/** One field's operators (`{ gte: 10, lt: 20 }`) as conditions; `path` names the field in errors. */
function lookups(schema: string, limits: Limits, field: FieldSpec, operators: Record<string, unknown>, path: string): Condition[] {
  const parts: Condition[] = [];
  for (const [operator, operand] of Object.entries(operators)) {
    if (operand === undefined || operand === null) continue;
    const lookup = (operator === 'eq' ? 'exact' : operator) as Lookup;
    if (lookup === 'range' && (operand as unknown[]).length !== 2) throw new ValidationError({ [`${path}.range`]: ['Give exactly two values.'] });
    const problem = lookupValueProblem(operand, limits);
    if (problem) throw new ValidationError({ [`${path}.${operator}`]: [problem] });
    const parsed = lookup === 'isnull' ? operand : coerce(field, `${path}.${operator}`, operand);
    parts.push(lookupSql(schema, { field, lookup, value: parsed }));
  }
  return parts;
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
export function compileChildren(spec: ResourceSpec, scope: WhereScope, args: Record<string, unknown>): { where: Condition; ordering: Ordering[]; limit: number } {
  return {
    where: compileWhere(spec, scope, args.where as WhereInput | null | undefined),
    ordering: compileOrderBy(spec, args.orderBy as Array<Record<string, string | null | undefined>> | null | undefined),
    limit: compilePage(1, args.pageSize as number | null | undefined).pageSize,
  };
}
