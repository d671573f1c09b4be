import { hasNulCharacter, NULL_CHARACTERS, ValidationError } from '../errors';
import { formatCount, type Limits } from '../limits/limits';
import { estimateRows, lookupValueProblem, searchTermsProblem, tooManyRowsMessage, type ReadShape } from '../limits/request-cost';
import { filterBoolean, filterDatetime, filterDecimal, filterInteger, INT4_MAX, pythonInt } from '../resources/filter-values';
import { and, DEFAULT_PAGE_SIZE, LOOKUPS, lookupsFor, MAX_PAGE_SIZE, type Filter, type Lookup, type Ordering, type ReferenceCheck, type SelectedRelation, type Selection, type Where } from '../resources/read-query';
import { naming } from '../resources/naming';
import { orderableFields, type FieldSpec, type ResourceRegistry, type ResourceSpec } from '../resources/registry';

type Query = Record<string, string | string[] | undefined>;

const RESERVED = new Set(['page', 'page_size', 'ordering', 'search', 'expand', 'format']);

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** `page=last`: the page is known once the rows are counted. */
export const LAST_PAGE = -1;
/** A page DRF's PageNumberPagination answers with 404 "Invalid page." (once the filters are valid). */
export const INVALID_PAGE = 0;
/** Past any page a table can have; a bigger number is the same 404, without an offset PostgreSQL cannot hold. */
const MAX_PAGE = 1_000_000_000;

/** Django's Paginator.validate_number: an integer ≥ 1 (or `last`); anything else is an invalid page. */
function pageNumber(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (raw === 'last') return LAST_PAGE;
  const page = pythonInt(raw);
  return page === undefined || page < 1 ? INVALID_PAGE : Math.min(page, MAX_PAGE);
}

/** DRF's get_page_size: `_positive_int(strict=True, cutoff=max_page_size)`, and the default for anything it rejects. */
function pageSizeOf(raw: string | undefined): number {
  const size = raw === undefined ? undefined : pythonInt(raw);
  return size === undefined || size < 1 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
}

/** Ids one filter names, and how django-filter words one that does not exist. */
interface PendingReference {
  parameter: string;
  check: ReferenceCheck;
  /** ModelMultipleChoiceFilter (names the id) rather than ModelChoiceFilter. */
  multiple: boolean;
}

/** A REST list request, parsed: what the resources service reads, and the page asked for. */
export interface ListQuery {
  /** 1-based; LAST_PAGE or INVALID_PAGE until resolved. */
  page: number;
  pageSize: number;
  where: Where;
  ordering: Ordering[];
  /** Every field of each row, with the relations `expand` embeds. */
  select: Selection;
}

export interface ParsedList {
  query: ListQuery;
  /** The parameters refused without a statement, by name. */
  errors: Record<string, string[]>;
  /** Filters on ids that must exist: their checks ride on the list's count statement. */
  references: PendingReference[];
}

const choiceMessage = (value: string) => `Select a valid choice. ${value} is not one of the available choices.`;
const MODEL_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';
const NUMBER = 'Enter a number.';
const DATETIME = 'Enter a valid date/time.';
const RANGE = 'Range query expects two values.';

/** What the filter compares with, or an error: a field's scalar parser in django-filter's terms. */
type Parsed = { value: unknown } | { error: string };

function scalarValue(field: FieldSpec, raw: string): Parsed {
  switch (field.type) {
    case 'integer': {
      const value = filterInteger(raw);
      return value === undefined ? { error: NUMBER } : { value };
    }
    case 'decimal': {
      const value = filterDecimal(raw);
      return value === undefined ? { error: NUMBER } : { value };
    }
    case 'datetime': {
      const value = filterDatetime(raw);
      return value === undefined ? { error: DATETIME } : { value };
    }
    default:
      return { value: raw };
  }
}

/** A comma-separated value, every occurrence of the parameter together (a repeated `__in` ORs, as a multiple choice does). */
const csv = (values: readonly string[]) => values.flatMap((value) => (value === '' ? [] : value.split(',')));

/**
 * DRF + django-filter list parameters → a ListQuery, every refusal that needs no statement, and the
 * ids that must exist. As in DRF, parameters the route does not know are ignored; a known one with a
 * bad value is a 400 naming it (every bad one at once, with the ids found missing: listErrors).
 */
export function parseListQuery(registry: ResourceRegistry, spec: ResourceSpec, query: Query, limits: Limits): ParsedList {
  const errors: Record<string, string[]> = {};
  for (const [parameter, value] of Object.entries(query)) {
    if (hasNulCharacter(value)) errors[parameter] = [NULL_CHARACTERS];
  }
  const byName = new Map(spec.fields.filter((field) => !field.writeOnly).map((field) => [field.name, field]));
  const page = pageNumber(one(query.page));
  const pageSize = pageSizeOf(one(query.page_size));

  const orderable = new Map(orderableFields(spec).map((field) => [field.name, field]));
  const ordering: Ordering[] = (one(query.ordering) ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .flatMap((term) => {
      const field = orderable.get(term.replace(/^-/, ''));
      // DRF's OrderingFilter drops unknown fields silently.
      return field ? [{ field, descending: term.startsWith('-') }] : [];
    });

  const search = (one(query.search) ?? '').split(/[\s,]+/).filter(Boolean);
  const searchProblem = searchTermsProblem(search, limits);
  if (searchProblem) errors.search = [searchProblem];

  const expand = expansionOf(registry, spec, one(query.expand), pageSize, limits, errors);

  const filters: Filter[] = [];
  const references: PendingReference[] = [];
  for (const [parameter, rawValue] of Object.entries(query)) {
    if (RESERVED.has(parameter) || rawValue === undefined || errors[parameter]) continue;
    const [name, lookupName = 'exact', ...rest] = parameter.split('__');
    const field = byName.get(name);
    const lookup = lookupName as Lookup;
    if (!field || rest.length || !LOOKUPS.includes(lookup) || !lookupsFor(field).includes(lookup)) continue;
    const values = [rawValue].flat();
    const outcome = filterOf(field, lookup, values, limits);
    if ('error' in outcome) errors[parameter] = [outcome.error];
    else if (outcome.filter) {
      filters.push(outcome.filter);
      if (outcome.ids) references.push({ parameter, check: { target: field.target!, ids: outcome.ids }, multiple: field.kind === 'collection' });
    }
  }
  const where = and([...filters.map((filter): Where => ({ kind: 'lookup', ...filter })), ...(search.length ? [{ kind: 'search', terms: search } as const] : [])]);
  return { query: { page, pageSize, where, ordering, select: { fields: 'all', relations: expand } }, errors, references };
}

type FilterOutcome = { error: string } | { filter?: Filter; ids?: number[] };

/** One django-filter filter from every value its parameter was given; no filter when django-filter would not apply it. */
function filterOf(field: FieldSpec, lookup: Lookup, values: string[], limits: Limits): FilterOutcome {
  const last = values[values.length - 1];
  if (lookup === 'isnull') {
    const value = filterBoolean(last);
    return value === undefined ? {} : { filter: { field, lookup, value } };
  }
  if (field.kind === 'collection') return manyToManyFilter(field, lookup === 'in' ? csv(values) : values, limits);
  if (field.kind === 'reference') return referenceFilter(field, lookup, lookup === 'in' ? csv(values) : last === '' ? [] : [last], limits);
  if (lookup === 'in' || lookup === 'range') {
    // The whole value empty is `[]`: not applied. An empty part is None for numbers and dates (never matches), '' for text.
    const parts = lookup === 'in' ? csv(values) : last === '' ? [] : last.split(',');
    if (parts.length === 0) return {};
    const problem = lookupValueProblem(parts, limits);
    if (problem) return { error: problem };
    const text = field.type === 'string' || field.type === 'text' || field.type === 'enum';
    const parsed = parts.map((part) => (part === '' && !text ? { value: null } : scalarValue(field, part)));
    const invalid = parsed.find((one): one is { error: string } => 'error' in one);
    if (invalid) return invalid;
    if (lookup === 'range' && parts.length !== 2) return { error: RANGE };
    const list = parsed.map((one) => (one as { value: unknown }).value);
    if (list.includes(null)) return lookup === 'range' ? { filter: { field, lookup: 'in', value: [] } } : { filter: { field, lookup, value: list.filter((value) => value !== null) } };
    return { filter: { field, lookup, value: list } };
  }
  if (last === '') return {}; // django-filter ignores empty values
  const problem = lookupValueProblem(last, limits);
  if (problem) return { error: problem };
  if (field.type === 'boolean') {
    const value = filterBoolean(last);
    return value === undefined ? {} : { filter: { field, lookup, value } };
  }
  if (field.type === 'enum') return field.enumValues!.includes(last) ? { filter: { field, lookup, value: last } } : { error: choiceMessage(last) };
  const parsed = scalarValue(field, last);
  return 'error' in parsed ? parsed : { filter: { field, lookup, value: parsed.value } };
}

/** ModelChoiceFilter (and `__in` of it): each value an int() naming a row, else "That choice is not one of the available choices." */
function referenceFilter(field: FieldSpec, lookup: Lookup, parts: string[], limits: Limits): FilterOutcome {
  if (parts.length === 0) return {};
  const problem = lookupValueProblem(parts, limits);
  if (problem) return { error: problem };
  const ids = parts.map(pythonInt);
  // Ids start at 1 and are 4-byte: a number outside is no row, without asking.
  if (ids.some((id) => id === undefined || id < 1 || id > INT4_MAX)) return { error: MODEL_CHOICE };
  const unique = [...new Set(ids as number[])];
  return { filter: { field, lookup: lookup === 'in' ? 'in' : 'exact', value: lookup === 'in' ? unique : unique[0] }, ids: unique };
}

/**
 * ModelMultipleChoiceFilter: every value given, ORed. Each must be an int() (else “x” is not a valid
 * value.) and name a row by its exact text (else "Select a valid choice. x is not one of…").
 */
function manyToManyFilter(field: FieldSpec, values: string[], limits: Limits): FilterOutcome {
  if (values.length === 0) return {};
  const problem = lookupValueProblem(values, limits);
  if (problem) return { error: problem };
  const notInteger = values.find((value) => pythonInt(value) === undefined);
  if (notInteger !== undefined) return { error: `“${notInteger}” is not a valid value.` };
  const notAnId = values.find((value) => !/^[1-9]\d*$/.test(value) || Number(value) > INT4_MAX);
  if (notAnId !== undefined) return { error: choiceMessage(notAnId) };
  const ids = [...new Set(values.map(Number))];
  return { filter: { field, lookup: 'in', value: ids }, ids };
}

/** Every refusal of a list request: those found parsing, then the ids its filters name that do not exist. */
export function listErrors(parsed: ParsedList, missing: readonly number[][]): Record<string, string[]> {
  const errors = { ...parsed.errors };
  parsed.references.forEach(({ parameter, multiple }, index) => {
    const absent = missing[index] ?? [];
    if (absent.length) errors[parameter] = [multiple ? choiceMessage(String(absent[0])) : MODEL_CHOICE];
  });
  return errors;
}

/** `?expand=` alone (a retrieve): every field, with its relations, or a 400 naming what is wrong. */
export function parseExpand(registry: ResourceRegistry, spec: ResourceSpec, raw: string | string[] | undefined, limits: Limits): Selection {
  const errors: Record<string, string[]> = {};
  const relations = expansionOf(registry, spec, one(raw), 1, limits, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { fields: 'all', relations };
}

/**
 * drf-flex-fields' `expand=category.parent,tags,items.product`: the relations to embed, merged into
 * one tree, each path at most MAX_EXPAND_DEPTH deep, the whole within the row estimate for a page
 * of `pageSize` (a reference is one row per row above, a list MAX_RELATED_ITEMS).
 */
function expansionOf(registry: ResourceRegistry, spec: ResourceSpec, raw: string | undefined, pageSize: number, limits: Limits, errors: Record<string, string[]>): SelectedRelation[] {
  const root: SelectedRelation[] = [];
  const problems = new Set<string>();
  for (const path of new Set((raw ?? '').split(',').map((term) => term.trim()).filter(Boolean))) {
    // Counted before it is split: a path of a million dots costs no more than its length.
    if ((path.match(/\./g)?.length ?? 0) >= limits.maxExpandDepth) {
      problems.add(`Ensure each expand path has no more than ${formatCount(limits.maxExpandDepth)} levels (MAX_EXPAND_DEPTH).`);
      continue;
    }
    let level = root;
    let at = spec;
    for (const name of path.split('.')) {
      let expansion = level.find((candidate) => candidate.key === name);
      if (!expansion) {
        const found = expansionNamed(registry, at, name, limits);
        if (!found) {
          problems.add(`"${name}" is not a relation of ${at.name}.`);
          break;
        }
        level.push((expansion = found));
      }
      level = expansion.select.relations;
      at = expansion.target;
    }
  }
  if (problems.size) errors.expand = [...problems];
  const shape = (relations: SelectedRelation[]): ReadShape[] =>
    relations.map((relation) => ({ perParent: relation.kind === 'reference' ? 1 : limits.maxRelatedItems, below: shape(relation.select.relations) }));
  const tooMany = tooManyRowsMessage(estimateRows([{ perParent: pageSize, below: shape(root) }]), limits);
  if (tooMany) (errors[root.length ? 'expand' : 'page_size'] ??= []).push(tooMany);
  return root;
}

/** A relation of `spec` by its API name: a reference or M:N field, or a one-to-many relation (orders' `items`), read whole. */
function expansionNamed(registry: ResourceRegistry, spec: ResourceSpec, name: string, limits: Limits): SelectedRelation | undefined {
  const select = (): Selection => ({ fields: 'all', relations: [] });
  const field = spec.fields.find((candidate) => candidate.name === name && !candidate.writeOnly && candidate.kind !== 'scalar');
  if (field) return { key: name, kind: field.kind as 'reference' | 'collection', field, target: registry.get(field.target!)!, select: select() };
  const inverse = spec.inverse.find((candidate) => naming.apiField(candidate.property) === name);
  const target = inverse && registry.get(inverse.target);
  if (inverse && target) return { key: name, kind: 'children', inverse, target, where: and([]), ordering: [], limit: limits.maxRelatedItems, select: select() };
  return undefined;
}
