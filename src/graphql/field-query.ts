/**
 * A GraphQL query field as the resources' ReadQuery: its arguments (`where`, `orderBy`, `page`,
 * `pageSize`) and its selection, each relation with its own arguments. Parsing only: the SQL is
 * compiled below the resources service (src/sql).
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { hasNulCharacter, NULL_CHARACTERS, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { lookupValueProblem, searchTermsProblem } from '../limits/request-cost';
import { and, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Lookup, type Ordering, type ReadQuery, type RelatedPath, type SelectedRelation, type Selection, type Where } from '../resources/read-query';
import { filterDecimal } from '../resources/filter-values';
import { orderableFields, type FieldSpec, type ResourceRegistry, type ResourceSpec } from '../resources/registry';

type WhereInput = Record<string, unknown> & { AND?: WhereInput[]; OR?: WhereInput[]; NOT?: WhereInput; search?: string };
type RelationInput = Record<string, unknown> & { id?: Record<string, unknown>; isnull?: boolean; some?: WhereInput; every?: WhereInput; none?: WhereInput };

/** What parsing arguments needs besides them: every resource (relations lead to them) and the limits. */
export interface ArgumentScope {
  registry: ResourceRegistry;
  limits: Limits;
}

/** GraphQL values as the query wants them: ids as numbers, and an error naming the field otherwise. */
function coerce(field: FieldSpec, path: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => coerce(field, path, item));
  if (typeof value === 'string' && hasNulCharacter(value)) throw new ValidationError({ [path]: [NULL_CHARACTERS] });
  if (field.kind !== 'scalar' || field.property === 'id') {
    const id = Number(value);
    if (!Number.isSafeInteger(id)) throw new ValidationError({ [path]: [`"${String(value)}" is not a valid id.`] });
    return id;
  }
  if (field.type !== 'decimal') return value;
  // The REST door's reading of a decimal (django-filter's), so both doors compare alike.
  const decimal = filterDecimal(String(value));
  if (decimal === undefined) throw new ValidationError({ [path]: ['Enter a number.'] });
  return decimal;
}

/**
 * `where: { price: { gte: 10 }, name: { icontains: "mug" }, category: { id: { eq: 3 } }, OR: [...] }`
 * as the resources' Where: the lookups of REST, combined with AND, OR and NOT (DESIGN §6b), and
 * conditions on related rows (`category: { name: … }`, `tags: { some: … }`). Documents are held to
 * MAX_FILTER_DEPTH and MAX_FILTER_CONDITIONS before they run (limits.ts); `path` names a field in errors.
 */
export function parseWhere(spec: ResourceSpec, scope: ArgumentScope, where: WhereInput | null | undefined, path = ''): Where {
  if (!where) return and([]);
  const parts: Where[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    if (key === 'AND' || key === 'OR') parts.push({ kind: key === 'AND' ? 'and' : 'or', parts: (value as WhereInput[]).map((item) => parseWhere(spec, scope, item, path)) });
    else if (key === 'NOT') parts.push({ kind: 'not', part: parseWhere(spec, scope, value as WhereInput, path) });
    else if (key === 'search') {
      if (hasNulCharacter(String(value))) throw new ValidationError({ [`${path}search`]: [NULL_CHARACTERS] });
      const terms = String(value).split(/[\s,]+/).filter(Boolean);
      const problem = searchTermsProblem(terms, scope.limits);
      if (problem) throw new ValidationError({ [`${path}search`]: [problem] });
      parts.push({ kind: 'search', terms });
    } else {
      const field = spec.fields.find((candidate) => candidate.property === key);
      if (!field) {
        const inverse = spec.inverse.find((candidate) => candidate.property === key)!;
        parts.push(...toMany(scope, { kind: 'children', inverse }, scope.registry.get(inverse.target)!, value as RelationInput, `${path}${key}.`));
        continue;
      }
      if (field.kind === 'scalar') {
        parts.push(...lookups(scope.limits, field, value as Record<string, unknown>, `${path}${key}`));
        continue;
      }
      const { id, isnull, some, every, none, ...related } = value as RelationInput;
      // By id or isnull: the foreign key or the pivot, as REST reads `?category=3`, `?tags__isnull=true`.
      if (typeof isnull === 'boolean') parts.push({ kind: 'lookup', field, lookup: 'isnull', value: isnull });
      if (id) parts.push(...lookups(scope.limits, field, id, `${path}${key}`));
      const target = scope.registry.get(field.target!)!;
      if (field.kind === 'collection') parts.push(...toMany(scope, { kind: 'collection', field }, target, { some, every, none }, `${path}${key}.`));
      else if (Object.values(related).some((item) => item !== undefined && item !== null)) {
        parts.push({ kind: 'related', path: { kind: 'reference', field }, target, where: parseWhere(target, scope, related as WhereInput, `${path}${key}.`), quantifier: 'some' });
      }
    }
  }
  return and(parts);
}

/** `some`, `every`, `none` over related rows, as Prisma and Hasura read them: `every` holds when there is none. */
function toMany(scope: ArgumentScope, path: RelatedPath, target: ResourceSpec, input: RelationInput, at: string): Where[] {
  return (['some', 'none', 'every'] as const)
    .filter((quantifier) => input[quantifier])
    .map((quantifier) => ({ kind: 'related', path, target, where: parseWhere(target, scope, input[quantifier], `${at}${quantifier}.`), quantifier }));
}

/** One field's operators (`{ gte: 10, lt: 20 }`) as lookups; `path` names the field in errors. */
function lookups(limits: Limits, field: FieldSpec, operators: Record<string, unknown>, path: string): Where[] {
  const parts: Where[] = [];
  for (const [operator, operand] of Object.entries(operators)) {
    if (operand === undefined || operand === null) continue;
    const lookup = (operator === 'eq' ? 'exact' : operator) as Lookup;
    if (lookup === 'range' && (operand as unknown[]).length !== 2) throw new ValidationError({ [`${path}.range`]: ['Give exactly two values.'] });
    const problem = lookupValueProblem(operand, limits);
    if (problem) throw new ValidationError({ [`${path}.${operator}`]: [problem] });
    const value = lookup === 'isnull' ? operand : coerce(field, `${path}.${operator}`, operand);
    parts.push({ kind: 'lookup', field, lookup, value });
  }
  return parts;
}

/** `orderBy: [{ price: DESC }, { name: ASC }]` as the resources' Ordering. */
export function parseOrderBy(spec: ResourceSpec, orderBy: Array<Record<string, string | null | undefined>> | null | undefined): Ordering[] {
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
      const field = orderableFields(spec).find((candidate) => candidate.property === key);
      if (field) ordering.push({ field, descending: direction === 'desc' });
    }
  }
  return ordering;
}

/** `page` and `pageSize` checked, the size capped at the REST maximum. */
export function parsePage(page: number | null | undefined, pageSize: number | null | undefined): { page: number; pageSize: number } {
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  if (size < 1) throw new ValidationError({ pageSize: ['Ensure this value is greater than or equal to 1.'] });
  if ((page ?? 1) < 1) throw new ValidationError({ page: ['Ensure this value is greater than or equal to 1.'] });
  return { page: page ?? 1, pageSize: Math.min(size, MAX_PAGE_SIZE) };
}

/** A one-to-many field's arguments, `product.reviews(where:, orderBy:, pageSize:)`: which children, in which order, how many per parent. */
export function parseChildren(spec: ResourceSpec, scope: ArgumentScope, args: Record<string, unknown>): { where: Where; ordering: Ordering[]; limit: number } {
  return {
    where: parseWhere(spec, scope, args.where as WhereInput | null | undefined),
    ordering: parseOrderBy(spec, args.orderBy as Array<Record<string, string | null | undefined>> | null | undefined),
    limit: parsePage(1, args.pageSize as number | null | undefined).pageSize,
  };
}

/**
 * What a query field asks of the database, read from its selection ahead of execution (as
 * PostGraphile does): the fields of each level and the relations below it, with their arguments,
 * through fragments, aliases and @skip/@include. The resources service reads it in one statement;
 * the relation resolvers then find their values in the rows (relationKey of their response key).
 *
 * A relation whose arguments are refused is left out of the read, and its error kept for its own
 * resolver to throw, so the error is reported at the field's path, as graphql-js would.
 */
export type PlanErrors = WeakMap<FieldNode, unknown>;

function included(node: SelectionNode, info: GraphQLResolveInfo): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** The fields of some selection sets by response key, through fragments, as graphql-js collects them. */
function collectFields(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields([selection.selectionSet], info, into);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) collectFields([fragment.selectionSet], info, into);
      }
    }
  }
  return into;
}

const selectionSets = (nodes: readonly FieldNode[]) => nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

function planSelection(scope: ArgumentScope, spec: ResourceSpec, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, errors: PlanErrors): Selection {
  const fields = new Set<string>();
  const relations: SelectedRelation[] = [];
  const type = info.schema.getType(spec.name) as GraphQLObjectType;
  for (const [key, nodes] of collectFields(sets, info)) {
    const name = nodes[0].name.value;
    const field = spec.fields.find((candidate) => candidate.property === name);
    if (field?.kind === 'scalar') {
      fields.add(name);
      continue;
    }
    const inverse = field ? undefined : spec.inverse.find((candidate) => candidate.property === name);
    const target = scope.registry.get(field?.target ?? inverse?.target ?? '');
    if (!target) continue; // __typename: GraphQL answers it
    try {
      const select = planSelection(scope, target, selectionSets(nodes), info, errors);
      if (field) relations.push({ key, target, select, kind: field.kind as 'reference' | 'collection', field });
      else {
        const args = getArgumentValues(type.getFields()[name], nodes[0], info.variableValues);
        relations.push({ key, target, select, kind: 'children', inverse: inverse!, ...parseChildren(target, scope, args) });
      }
    } catch (error) {
      errors.set(nodes[0], error);
    }
  }
  return { fields, relations };
}

/** The selection of a field that returns rows (`product(id:)`, a mutation's row). */
export function planRows(scope: ArgumentScope, spec: ResourceSpec, info: GraphQLResolveInfo, errors: PlanErrors): Selection {
  return planSelection(scope, spec, selectionSets(info.fieldNodes), info, errors);
}

/** The shapes of a page field (`products`): each alias of its `items`, and whether `totalCount` is asked for. */
export function planPage(scope: ArgumentScope, spec: ResourceSpec, info: GraphQLResolveInfo, errors: PlanErrors): Pick<ReadQuery, 'shapes' | 'count'> {
  const shapes: ReadQuery['shapes'] = [];
  let count = false;
  for (const [key, nodes] of collectFields(selectionSets(info.fieldNodes), info)) {
    if (nodes[0].name.value === 'totalCount') count = true;
    if (nodes[0].name.value === 'items') shapes.push({ key, select: planSelection(scope, spec, selectionSets(nodes), info, errors) });
  }
  return { shapes, count };
}
