import type { EntityManager } from '@mikro-orm/postgresql';
import type { Expansion, Filter, ListQuery, Ordering, ReferenceCheck } from './list-query';
import type { FieldSpec, InverseSpec, ResourceRegistry, ResourceSpec } from './registry';
import { statementBatchOf } from '../db/statement-batch';

/** A row as properties: scalars, reference ids, collection ids (or, when expanded, rows). */
export type Row = Record<string, unknown>;

/** A WHERE clause with `?` placeholders, and its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

export interface ReadOptions {
  /** Only these properties (and `id`): what a GraphQL selection asks for. Default: every field. */
  fields?: ReadonlySet<string>;
  ordering?: Ordering[];
  limit?: number;
  offset?: number;
  expand?: Expansion[];
}

/** One-to-many children: the first `limit` of each parent, in this order, with these columns. */
export type ChildrenOptions = Pick<ReadOptions, 'fields' | 'ordering'> & { limit: number };

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * A timestamptz as UTC ISO text with its microseconds (`2023-01-01T00:05:37.123456Z`): a JS Date
 * would keep milliseconds only. Both doors' datetime outputs read this text.
 */
export function datetimeText(sql: string): string {
  return `to_char(${sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A field's column on a row alias: `e` in every condition the lookups compile. */
export function column(field: FieldSpec, alias = 'e'): string {
  return `${alias}.${quote(field.columns[0])}`;
}

/** The ordering asked for, then `id` to make pages stable (unless it already ends in `id`). */
export function orderTerms(ordering: Ordering[] = [], alias = 'e'): string[] {
  const terms = ordering.map(({ field, descending }) => `${column(field, alias)} ${descending ? 'desc' : 'asc'}`);
  return ordering.at(-1)?.field.property === 'id' ? terms : [...terms, `${alias}.${quote('id')} asc`];
}

/** One django-filter lookup on one field, as SQL on the row alias `e`. */
export function lookupSql(schema: string, { field, lookup, value }: Filter): Condition {
  if (field.kind === 'collection') {
    const { table, ownerColumn, targetColumn } = field.pivot!;
    const pivot = `select 1 from ${quote(schema)}.${quote(table)} p where p.${quote(ownerColumn)} = e.${quote('id')}`;
    switch (lookup) {
      case 'isnull':
        return { sql: value ? `not exists (${pivot})` : `exists (${pivot})`, params: [] };
      case 'in':
        if ((value as unknown[]).length === 0) return { sql: 'false', params: [] };
        return { sql: `exists (${pivot} and p.${quote(targetColumn)} in (?))`, params: [value] };
      case 'exact':
        return { sql: `exists (${pivot} and p.${quote(targetColumn)} = ?)`, params: [value] };
      default:
        // lookupsFor() offers relations nothing else; a caller that gets here is a bug, not bad input.
        throw new Error(`lookup ${lookup} does not apply to the many-to-many field ${field.name}`);
    }
  }
  const col = column(field);
  switch (lookup) {
    case 'exact':
      return { sql: `${col} = ?`, params: [value] };
    case 'iexact':
      return { sql: `lower(${col}) = lower(?)`, params: [value] };
    case 'contains':
      return { sql: `${col} like ?`, params: [`%${escapeLike(String(value))}%`] };
    case 'icontains':
      return { sql: `${col} ilike ?`, params: [`%${escapeLike(String(value))}%`] };
    case 'startswith':
      return { sql: `${col} like ?`, params: [`${escapeLike(String(value))}%`] };
    case 'istartswith':
      return { sql: `${col} ilike ?`, params: [`${escapeLike(String(value))}%`] };
    case 'gt':
      return { sql: `${col} > ?`, params: [value] };
    case 'gte':
      return { sql: `${col} >= ?`, params: [value] };
    case 'lt':
      return { sql: `${col} < ?`, params: [value] };
    case 'lte':
      return { sql: `${col} <= ?`, params: [value] };
    case 'in':
      // `in ()` is not SQL; an empty list matches nothing (django-filter's answer).
      if ((value as unknown[]).length === 0) return { sql: 'false', params: [] };
      return { sql: `${col} in (?)`, params: [value] };
    case 'range':
      return { sql: `${col} between ? and ?`, params: value as unknown[] };
    case 'isnull':
      return { sql: value ? `${col} is null` : `${col} is not null`, params: [] };
  }
}

/**
 * `?search=` / `where: { search }`: every term must match one of the resource's text fields. The doors
 * bound the terms first (MAX_SEARCH_TERMS, MAX_LOOKUP_LENGTH): PostgreSQL lower-cases an ILIKE pattern
 * for every row, and a megabyte-long term held a connection past the deadline.
 */
export function searchConditions(spec: ResourceSpec, terms: string[]): Condition[] {
  const searchable = spec.fields.filter((field) => spec.searchFields.includes(field.name));
  if (searchable.length === 0) return []; // DRF's SearchFilter without search_fields ignores ?search=
  return terms.map((term) => ({
    sql: searchable.map((field) => `${column(field)} ilike ?`).join(' or '),
    params: searchable.map(() => `%${escapeLike(term)}%`),
  }));
}

/**
 * A ListQuery's filters and search terms as one
 * WHERE clause. M:N filters are `exists` on the pivot table, so a page never
 * needs DISTINCT or a pagination subquery.
 */
export function whereOf(spec: ResourceSpec, schema: string, query: Pick<ListQuery, 'filters' | 'search'>): Condition {
  const parts: Condition[] = query.filters.map((filter) => lookupSql(schema, filter));
  parts.push(...searchConditions(spec, query.search));
  return joinConditions(parts, 'and');
}

/** How a filter reaches related rows: the foreign key (`product.category`), the pivot (`product.tags`), or the children's key (`product.reviews`). */
export type RelatedPath = { kind: 'reference' | 'collection'; field: FieldSpec } | { kind: 'children'; inverse: InverseSpec };

/**
 * Whether the row `e` has a related row matching `related` (itself a condition on `e`, the related
 * table's alias inside): `exists`, or `not exists` for `none` and `every`. The related rows are a
 * derived table, so the condition keeps its alias and PostgreSQL still plans a semi- or anti-join.
 */
export function relatedSql(schema: string, path: RelatedPath, target: ResourceSpec, related: Condition, exists: boolean): Condition {
  const table = `${quote(schema)}.${quote(target.table)}`;
  const rows = (key: string) => `(select e.${quote(key)} as "ref" from ${table} e where ${related.sql}) r`;
  let sql: string;
  if (path.kind === 'reference') sql = `select 1 from ${rows('id')} where r."ref" = ${column(path.field)}`;
  else if (path.kind === 'children') sql = `select 1 from ${rows(path.inverse.column)} where r."ref" = e.${quote('id')}`;
  else {
    const { table: pivot, ownerColumn, targetColumn } = path.field.pivot!;
    sql = `select 1 from ${quote(schema)}.${quote(pivot)} p join ${rows('id')} on r."ref" = p.${quote(targetColumn)} where p.${quote(ownerColumn)} = e.${quote('id')}`;
  }
  return { sql: `${exists ? '' : 'not '}exists (${sql})`, params: related.params };
}

export function joinConditions(parts: Condition[], operator: 'and' | 'or'): Condition {
  if (parts.length === 0) return { sql: operator === 'and' ? 'true' : 'false', params: [] };
  return { sql: parts.map((part) => `(${part.sql})`).join(` ${operator} `), params: parts.flatMap((part) => part.params) };
}

/**
 * Reads as SQL built from the resource spec, run on the request's
 * EntityManager connection with every table qualified by the client's schema.
 * Entity hydration and MikroORM's query builder cost ~10× the SQL for a page of
 * 20 (bench/rest), so reads skip both; writes go through entities. A page is one
 * statement (M:N ids by a subselect on the pivot), its count another, and each
 * expanded relation one `id in (…)` statement, whatever the page size (no N+1).
 */
export class RowReader {
  constructor(private readonly registry: ResourceRegistry) {}

  private selectList(spec: ResourceSpec, schema: string, only?: ReadonlySet<string>): string[] {
    return spec.fields
      .filter((field) => !field.writeOnly && (!only || only.has(field.property) || field.property === 'id'))
      .map((field) => {
        if (field.type === 'datetime' && field.kind === 'scalar') return `${datetimeText(column(field))} as ${quote(field.property)}`;
        if (field.kind !== 'collection') return `${column(field)} as ${quote(field.property)}`;
        const { table, ownerColumn, targetColumn } = field.pivot!;
        return `coalesce((select array_agg(p.${quote(targetColumn)} order by p.${quote(targetColumn)}) from ${quote(schema)}.${quote(table)} p where p.${quote(ownerColumn)} = e.${quote('id')}), '{}') as ${quote(field.property)}`;
      });
  }

  async read(em: EntityManager, spec: ResourceSpec, where: Condition, options: ReadOptions = {}): Promise<Row[]> {
    const schema = em.schema ?? 'public';
    const select = this.selectList(spec, schema, options.fields);
    const order = orderTerms(options.ordering);
    let sql = `select ${select.join(', ')} from ${quote(schema)}.${quote(spec.table)} e where ${where.sql} order by ${order.join(', ')}`;
    const params = [...where.params];
    if (options.limit !== undefined) {
      sql += ' limit ? offset ?';
      params.push(options.limit, options.offset ?? 0);
    }
    const rows = await statementBatchOf(em).rows(sql, params);
    await this.expand(em, rows, options.expand ?? []);
    return rows;
  }

  /**
   * The first `limit` children of each parent (product.reviews(pageSize: 3) for a
   * page of products), in one statement: row_number() per parent.
   */
  async readPerParent(
    em: EntityManager,
    spec: ResourceSpec,
    parentColumn: string,
    parentIds: readonly number[],
    where: Condition,
    options: ChildrenOptions,
  ): Promise<Row[]> {
    const schema = em.schema ?? 'public';
    const order = orderTerms(options.ordering).join(', ');
    const sql =
      `select * from (select ${this.selectList(spec, schema, options.fields).join(', ')}, e.${quote(parentColumn)} as "__parent", ` +
      `row_number() over (partition by e.${quote(parentColumn)} order by ${order}) as "__rank" ` +
      `from ${quote(schema)}.${quote(spec.table)} e where e.${quote(parentColumn)} in (?) and (${where.sql})) ranked ` +
      `where "__rank" <= ? order by "__parent", "__rank"`;
    return statementBatchOf(em).rows(sql, [[...parentIds], ...where.params, options.limit]);
  }

  async count(em: EntityManager, spec: ResourceSpec, where: Condition): Promise<number> {
    return (await this.countAndMissing(em, spec, where, [])).count;
  }

  /** The count, and for each check the ids it names that no row has, in the order named: one statement. */
  async countAndMissing(em: EntityManager, spec: ResourceSpec, where: Condition, checks: readonly ReferenceCheck[]): Promise<{ count: number; missing: number[][] }> {
    const missing = this.missingColumns(em, checks);
    const sql = `select count(*)::int as n${missing.sql} from ${quote(em.schema ?? 'public')}.${quote(spec.table)} e where ${where.sql}`;
    const [row] = await statementBatchOf(em).rows<Row>(sql, [...missing.params, ...where.params]);
    return { count: row.n as number, missing: checks.map((_check, index) => row[`missing${index}`] as number[]) };
  }

  /** Only the ids no row has, for each check (a request whose other parameters are already refused). */
  async missing(em: EntityManager, checks: readonly ReferenceCheck[]): Promise<number[][]> {
    if (checks.length === 0) return [];
    const columns = this.missingColumns(em, checks);
    const [row] = await statementBatchOf(em).rows<Row>(`select ${columns.sql.slice(2)}`, columns.params);
    return checks.map((_check, index) => row[`missing${index}`] as number[]);
  }

  private missingColumns(em: EntityManager, checks: readonly ReferenceCheck[]): Condition {
    const schema = em.schema ?? 'public';
    const columns = checks.map(({ target }, index) => {
      const table = `${quote(schema)}.${quote(this.registry.get(target)!.table)}`;
      return (
        `, coalesce((select array_agg(x.id order by x.n) from unnest(array[?]::int[]) with ordinality x(id, n) ` +
        `where not exists (select 1 from ${table} r where r.${quote('id')} = x.id)), '{}') as ${quote(`missing${index}`)}`
      );
    });
    return { sql: columns.join(''), params: checks.map(({ ids }) => ids) };
  }

  /**
   * Expanded relations replaced by their rows: one statement per relation (an `id in (…)`, or the
   * children of every row at once), all of a level at once, whatever the number of rows (no N+1).
   */
  private async expand(em: EntityManager, rows: Row[], expand: Expansion[]): Promise<void> {
    if (rows.length === 0) return;
    await Promise.all(expand.map((expansion) => (expansion.kind === 'children' ? this.expandChildren(em, rows, expansion) : this.expandField(em, rows, expansion.field, expansion))));
  }

  private async expandField(em: EntityManager, rows: Row[], field: FieldSpec, expansion: Expansion): Promise<void> {
    const target = this.registry.get(expansion.target)!;
    const ids = new Set<number>();
    for (const row of rows) {
      const value = row[field.property];
      for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'number') ids.add(id);
    }
    const related = ids.size ? await this.read(em, target, { sql: `e.${quote('id')} in (?)`, params: [[...ids]] }, { expand: expansion.below }) : [];
    const byId = new Map(related.map((row) => [row.id as number, row]));
    for (const row of rows) {
      const value = row[field.property];
      row[field.property] = Array.isArray(value) ? value.map((id) => byId.get(id)).filter(Boolean) : value == null ? null : (byId.get(value as number) ?? value);
    }
  }

  private async expandChildren(em: EntityManager, rows: Row[], expansion: Extract<Expansion, { kind: 'children' }>): Promise<void> {
    const target = this.registry.get(expansion.target)!;
    const children = await this.readPerParent(em, target, expansion.inverse.column, rows.map((row) => row.id as number), { sql: 'true', params: [] }, { limit: expansion.limit });
    await this.expand(em, children, expansion.below);
    const byParent = new Map<number, Row[]>();
    for (const { __parent, __rank, ...child } of children) {
      const siblings = byParent.get(__parent as number) ?? [];
      siblings.push(child);
      byParent.set(__parent as number, siblings);
    }
    for (const row of rows) row[childrenKey(expansion.name)] = byParent.get(row.id as number) ?? [];
  }
}

/** Where a row holds its expanded one-to-many children: a key no property can have. */
export const childrenKey = (name: string) => `@${name}`;
