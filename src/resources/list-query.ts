import type { FieldSpec, InverseSpec } from './registry';

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

/** A list request, whichever door it came through. */
export interface ListQuery {
  page: number;
  pageSize: number;
  ordering: Ordering[];
  /** Every term must match some text field. */
  search: string[];
  filters: Filter[];
  /** Relations to embed as objects instead of ids, to any depth. */
  expand: Expansion[];
}

/** One relation embedded in each row (drf-flex-fields' `expand=category.parent`), and those embedded in it. */
export type Expansion = {
  /** The target resource's name. */
  target: string;
  below: Expansion[];
} & (
  | { kind: 'field'; field: FieldSpec }
  /** One-to-many (orders' `items`): the first `limit` children of each row, by id, under `name`. */
  | { kind: 'children'; name: string; inverse: InverseSpec; limit: number }
);

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
