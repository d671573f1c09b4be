import type { Filter, RelatedPath, Where } from '../resources/read-query';
import type { ResourceSpec } from '../resources/registry';
import { column, escapeLike, joinConditions, quote, tableOf, type Condition } from './sql-text';

/** The row rule of a resource (the resources service's), applied wherever its rows are read or tested. */
export type RowRule = (spec: ResourceSpec) => Where | undefined;

/**
 * A Where tree as one SQL condition on the row alias `e`, every table in `schema`. M:N and related-row
 * conditions are `exists` subqueries, so a page never needs DISTINCT or a pagination subquery.
 */
export class WhereCompiler {
  constructor(
    private readonly schema: string,
    private readonly rowRule: RowRule,
  ) {}

  /** `where` on `spec`'s rows, narrowed by its row rule. */
  visible(spec: ResourceSpec, where: Where): Condition {
    const rule = this.rowRule(spec);
    const condition = this.compile(spec, where);
    return rule ? joinConditions([condition, this.compile(spec, rule)], 'and') : condition;
  }

  compile(spec: ResourceSpec, where: Where): Condition {
    switch (where.kind) {
      case 'and':
      case 'or':
        return joinConditions(
          where.parts.map((part) => this.compile(spec, part)),
          where.kind,
        );
      case 'not': {
        const inner = this.compile(spec, where.part);
        return { sql: `not (${inner.sql})`, params: inner.params };
      }
      case 'lookup':
        return this.lookup(where);
      case 'search':
        return joinConditions(searchConditions(spec, where.terms), 'and');
      case 'written':
        // Left by the write statement (write-statement.ts, markWritten), local to the transaction.
        return { sql: `e.${quote('id')} = nullif(current_setting('sandbox.written_id', true), '')::int`, params: [] };
      case 'related': {
        const inner = this.compile(where.target, where.where);
        // `every`: no related row for which the condition is not true (NULL counts as not matching, as in Prisma).
        const related = where.quantifier === 'every' ? { sql: `(${inner.sql}) is not true`, params: inner.params } : inner;
        const rule = this.rowRule(where.target);
        const visible = rule ? joinConditions([related, this.compile(where.target, rule)], 'and') : related;
        return this.related(where.path, where.target, visible, where.quantifier === 'some');
      }
    }
  }

  /** One django-filter lookup on one field. */
  private lookup({ field, lookup, value }: Filter): Condition {
    if (field.kind === 'collection') {
      const { table, ownerColumn, targetColumn } = field.pivot!;
      const pivot = `select 1 from ${quote(this.schema)}.${quote(table)} p where p.${quote(ownerColumn)} = e.${quote('id')}`;
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
   * Whether the row `e` has a related row matching `related` (itself a condition on `e`, the related
   * table's alias inside): `exists`, or `not exists`. The related rows are a derived table, so the
   * condition keeps its alias and PostgreSQL still plans a semi- or anti-join.
   */
  private related(path: RelatedPath, target: ResourceSpec, related: Condition, exists: boolean): Condition {
    const rows = (key: string) => `(select e.${quote(key)} as "ref" from ${tableOf(this.schema, target)} e where ${related.sql}) r`;
    let sql: string;
    if (path.kind === 'reference') sql = `select 1 from ${rows('id')} where r."ref" = ${column(path.field)}`;
    else if (path.kind === 'children') sql = `select 1 from ${rows(path.inverse.column)} where r."ref" = e.${quote('id')}`;
    else {
      const { table: pivot, ownerColumn, targetColumn } = path.field.pivot!;
      sql = `select 1 from ${quote(this.schema)}.${quote(pivot)} p join ${rows('id')} on r."ref" = p.${quote(targetColumn)} where p.${quote(ownerColumn)} = e.${quote('id')}`;
    }
    return { sql: `${exists ? '' : 'not '}exists (${sql})`, params: related.params };
  }
}

/**
 * Search terms: every term must match one of the resource's text fields. The doors bound the terms
 * first (MAX_SEARCH_TERMS, MAX_LOOKUP_LENGTH): PostgreSQL lower-cases an ILIKE pattern for every row,
 * and a megabyte-long term held a connection past the deadline.
 */
function searchConditions(spec: ResourceSpec, terms: string[]): Condition[] {
  const searchable = spec.fields.filter((field) => spec.searchFields.includes(field.name));
  if (searchable.length === 0) return []; // DRF's SearchFilter without search_fields ignores ?search=
  return terms.map((term) => ({
    sql: searchable.map((field) => `${column(field)} ilike ?`).join(' or '),
    params: searchable.map(() => `%${escapeLike(term)}%`),
  }));
}
