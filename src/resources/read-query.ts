import { NotFound } from '../errors';
import type { FieldSpec, InverseSpec, ResourceSpec } from './registry';

/** django-filter's lookups, the operators of both doors (REST `?price__gte=`, GraphQL `{ price: { gte } }`). */
export const LOOKUPS = ['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'gt', 'gte', 'lt', 'lte', 'in', 'range', 'isnull'] as const;
export type Lookup = (typeof LOOKUPS)[number];

/** Which lookups a field offers: text lookups for text, comparisons for numbers and dates, ids for relations. */
export function lookupsFor(field: FieldSpec): Lookup[] {
  if (field.kind !== 'scalar') return ['exact', 'in', 'isnull'];
  switch (field.type) {
    case 'string':
    case 'text':
      return ['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull'];
    case 'integer':
    case 'decimal':
    case 'datetime':
      return ['exact', 'gt', 'gte', 'lt', 'lte', 'in', 'range', 'isnull'];
    case 'enum':
      return ['exact', 'in', 'isnull'];
    case 'boolean':
      return ['exact', 'isnull'];
    case 'json':
      return ['isnull'];
  }
}

export interface Filter {
  field: FieldSpec;
  lookup: Lookup;
  /** Parsed: an array for `in`, a pair for `range`, a boolean for `isnull`. */
  value: unknown;
}

export interface Ordering {
  field: FieldSpec;
  descending: boolean;
}

/**
 * Ids a filter names that must exist (django-filter's ModelChoiceFilter and ModelMultipleChoiceFilter
 * answer 400 otherwise): checked inside the list's count statement, no statement of their own.
 */
export interface ReferenceCheck {
  /** The resource the ids are of. */
  target: string;
  ids: number[];
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Which rows of one resource, as a tree: django-filter's lookups, AND/OR/NOT, search terms, and
 * conditions on related rows (`category.name`, `tags some`, `reviews none`). Both doors parse into
 * it; src/sql/where-sql.ts compiles it.
 */
export type Where =
  | { kind: 'and' | 'or'; parts: Where[] }
  | { kind: 'not'; part: Where }
  | ({ kind: 'lookup' } & Filter)
  /** Every term must match one of the resource's search fields. */
  | { kind: 'search'; terms: string[] }
  /** Related rows matching `where` exist (`some`), or none does (`none`), or every one does (`every`: true when there are none). */
  | { kind: 'related'; path: RelatedPath; target: ResourceSpec; where: Where; quantifier: 'some' | 'none' | 'every' }
  /** The row the write before this read wrote, in the same transaction (a mutation's answer, read in its round trip). */
  | { kind: 'written' };

/** How a filter reaches related rows: the foreign key (`product.category`), the pivot (`product.tags`), or the children's key (`product.reviews`). */
export type RelatedPath = { kind: 'reference' | 'collection'; field: FieldSpec } | { kind: 'children'; inverse: InverseSpec };

export const ALL: Where = { kind: 'and', parts: [] };
export const and = (parts: Where[]): Where => (parts.length === 1 ? parts[0] : { kind: 'and', parts });

/** What to read of each row, and which relations with it, each with its own arguments, to any depth. */
export interface Selection {
  /** Properties to read (`id` always is): scalars, and relations as ids. `all`: every readable field, as REST's serializer has. */
  fields: ReadonlySet<string> | 'all';
  relations: SelectedRelation[];
}

export type SelectedRelation = {
  /** Where the rows go in the answer: under `relationKey(key)` (a GraphQL response key; REST's field name). */
  key: string;
  target: ResourceSpec;
  select: Selection;
} & (
  | { kind: 'reference' | 'collection'; field: FieldSpec }
  /** One-to-many: the first `limit` children of each row, in this order, matching `where`. */
  | { kind: 'children'; inverse: InverseSpec; where: Where; ordering: Ordering[]; limit: number }
);

/** A relation's value in an answer row: under a key no property can have. */
export const relationKey = (key: string) => `@${key}`;

/**
 * A read of one resource, whichever door it came through: which rows, in which order, which page,
 * and what of each. The resources service answers it (`read`) in one round trip where it can.
 */
export interface ReadQuery {
  where: Where;
  ordering: Ordering[];
  /** A page (1-based) of `size` rows; without it every matching row (a retrieve by id, say). */
  page?: { number: number; size: number };
  /** Also count every row `where` matches. */
  count: boolean;
  /**
   * The page's rows in one or more shapes, by key (GraphQL reads `a: items {…} b: items {…}` as two
   * shapes of the same rows, in one statement). REST and single-row reads have one, under `items`.
   */
  shapes: Array<{ key: string; select: Selection }>;
  /** Ids the query names that must exist: the answer lists, per check, those that do not. */
  checks?: readonly ReferenceCheck[];
  /**
   * How the rows come back. `json`: every shape as one JSON tree from one statement (GraphQL, any
   * depth). `rows`: the page and its count as plain rows in one round trip, each level of relations
   * in one more (REST: DRF's serializer output, with expand).
   */
  form: 'json' | 'rows';
}

export interface ReadResult {
  /** The rows of each shape, by its key. */
  shapes: Record<string, Row[]>;
  count?: number;
  /** Per check, the ids that do not exist. */
  missing: number[][];
}

/** A row as properties: scalars, reference ids, collection ids, and relations under `relationKey`. */
export type Row = Record<string, unknown>;

/** A row's id from a path or an argument: one that is not a positive integer matches nothing (404, as DRF's lookup does). */
export function rowId(id: unknown): number {
  const key = typeof id === 'number' ? id : /^\d{1,9}$/.test(String(id)) ? Number(id) : undefined;
  if (key === undefined || !Number.isSafeInteger(key) || key < 1) throw new NotFound();
  return key;
}

/** The row with this id. */
export function byId(spec: ResourceSpec, id: unknown): Where {
  return { kind: 'lookup', field: spec.fields.find((field) => field.property === 'id')!, lookup: 'exact', value: rowId(id) };
}
