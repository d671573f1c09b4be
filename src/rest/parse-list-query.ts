import { NULL_CHARACTERS, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { estimateRows, lookupValueProblem, searchTermsProblem, tooManyRowsMessage } from '../limits/request-cost';
import { DEFAULT_PAGE_SIZE, LOOKUPS, lookupsFor, MAX_PAGE_SIZE, type Filter, type ListQuery, type Lookup } from '../resources/list-query';
import type { FieldSpec, ResourceSpec } from '../resources/registry';

type Query = Record<string, string | string[] | undefined>;

const RESERVED = new Set(['page', 'page_size', 'ordering', 'search', 'expand', 'format']);

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** A query-string value as the field's type; undefined when it does not parse. */
function parseValue(field: FieldSpec, raw: string): unknown {
  const type = field.kind === 'scalar' ? field.type : 'integer';
  switch (type) {
    case 'integer':
      return /^-?\d{1,10}$/.test(raw) && Math.abs(Number(raw)) <= 2_147_483_647 ? Number(raw) : undefined;
    case 'decimal':
      return /^-?\d{1,12}(\.\d+)?$/.test(raw) ? raw : undefined;
    case 'boolean':
      return /^(true|1|yes)$/i.test(raw) ? true : /^(false|0|no)$/i.test(raw) ? false : undefined;
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
    case 'enum':
      return field.enumValues!.includes(raw) ? raw : undefined;
    default:
      return raw;
  }
}

function invalidMessage(field: FieldSpec, raw: string): string {
  const type = field.kind === 'scalar' ? field.type : 'integer';
  if (type === 'integer' || type === 'decimal') return 'Enter a number.';
  if (type === 'datetime') return 'Enter a valid date/time.';
  if (type === 'boolean') return 'Enter a valid boolean.';
  if (type === 'enum') return `Select a valid choice. ${raw} is not one of the available choices.`;
  return 'Enter a valid value.';
}

/** `page=last`: the page is known once the rows are counted. */
export const LAST_PAGE = -1;
/** A page DRF's PageNumberPagination answers with 404 "Invalid page." (once the filters are valid). */
export const INVALID_PAGE = 0;
/** Past any page a table can have; a bigger number is the same 404, without an offset PostgreSQL cannot hold. */
const MAX_PAGE = 1_000_000_000;

/** Python's int(): surrounding space, a sign, digits with single underscores between them. */
export function pythonInt(raw: string): number | undefined {
  const match = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(raw);
  return match ? Number(match[1] + match[2].replaceAll('_', '')) : undefined;
}

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

/**
 * DRF + django-filter list parameters → ListQuery. As in DRF, parameters the
 * route does not know are ignored; a known one with a bad value is a 400
 * naming it (every bad one at once).
 */
export function parseListQuery(spec: ResourceSpec, query: Query, limits: Limits): ListQuery {
  const errors: Record<string, string[]> = {};
  for (const [parameter, value] of Object.entries(query)) {
    if ([value ?? []].flat().some((text) => text.includes('\u0000'))) errors[parameter] = [NULL_CHARACTERS];
  }
  const byName = new Map(spec.fields.filter((field) => !field.writeOnly).map((field) => [field.name, field]));

  const page = pageNumber(one(query.page));
  const pageSize = pageSizeOf(one(query.page_size));

  const ordering = (one(query.ordering) ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .flatMap((term) => {
      const field = byName.get(term.replace(/^-/, ''));
      // DRF's OrderingFilter drops unknown fields silently.
      return field && field.kind !== 'collection' && field.type !== 'json' ? [{ field, descending: term.startsWith('-') }] : [];
    });

  const search = (one(query.search) ?? '').split(/[\s,]+/).filter(Boolean);
  const searchProblem = searchTermsProblem(search, limits);
  if (searchProblem) errors.search = [searchProblem];

  const expand: FieldSpec[] = [];
  for (const name of new Set((one(query.expand) ?? '').split(',').map((term) => term.trim()).filter(Boolean))) {
    const field = byName.get(name);
    if (!field || field.kind === 'scalar') (errors.expand ??= []).push(`"${name}" is not a relation of ${spec.name}.`);
    else expand.push(field);
  }
  // The page, and per row one related row for each expanded reference or up to MAX_RELATED_ITEMS for each list.
  const related = expand.map((field) => ({ perParent: field.kind === 'collection' ? limits.maxRelatedItems : 1, below: [] }));
  const tooMany = tooManyRowsMessage(estimateRows([{ perParent: pageSize, below: related }]), limits);
  if (tooMany) (errors[expand.length ? 'expand' : 'page_size'] ??= []).push(tooMany);

  const filters: Filter[] = [];
  for (const [parameter, rawValue] of Object.entries(query)) {
    if (RESERVED.has(parameter) || rawValue === undefined || errors[parameter]) continue;
    const [name, lookupName = 'exact', ...rest] = parameter.split('__');
    const field = byName.get(name);
    const lookup = lookupName as Lookup;
    if (!field || rest.length || !LOOKUPS.includes(lookup) || !lookupsFor(field).includes(lookup)) continue;
    const raw = one(rawValue)!;
    if (lookup === 'isnull') {
      const value = parseValue({ ...field, kind: 'scalar', type: 'boolean' }, raw);
      if (value === undefined) errors[parameter] = ['Enter a valid boolean.'];
      else filters.push({ field, lookup, value });
      continue;
    }
    if (lookup === 'in' || lookup === 'range') {
      const parts = raw.split(',').map((part) => part.trim());
      const values = parts.map((part) => parseValue(field, part));
      const problem = lookupValueProblem(parts, limits);
      if (problem) errors[parameter] = [problem];
      else if (lookup === 'range' && parts.length !== 2) errors[parameter] = ['Enter two values separated by a comma.'];
      else if (values.some((value) => value === undefined)) errors[parameter] = [invalidMessage(field, parts[values.indexOf(undefined)])];
      else filters.push({ field, lookup, value: values });
      continue;
    }
    if (raw === '') continue; // django-filter ignores empty values
    const problem = lookupValueProblem(raw, limits);
    const value = problem ? undefined : parseValue(field, raw);
    if (problem) errors[parameter] = [problem];
    else if (value === undefined) errors[parameter] = [invalidMessage(field, raw)];
    else filters.push({ field, lookup, value });
  }

  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { page, pageSize, ordering, search, filters, expand };
}
