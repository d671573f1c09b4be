import type { Ordering } from '../resources/read-query';
import type { FieldSpec, ResourceSpec } from '../resources/registry';

/** A piece of SQL with `?` placeholders, and its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

export const TRUE: Condition = { sql: 'true', params: [] };

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

/** A resource's table in the request's schema. */
export const tableOf = (schema: string, spec: Pick<ResourceSpec, 'table'>) => `${quote(schema)}.${quote(spec.table)}`;

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

/**
 * What a field reads as, on a row alias, in both statement forms: timestamps as UTC text with
 * microseconds, decimals as exact text, a many-to-many field as its ids in ascending order.
 */
export function fieldValue(schema: string, field: FieldSpec, alias = 'e'): string {
  if (field.kind === 'collection') {
    const { table, ownerColumn, targetColumn } = field.pivot!;
    return `coalesce((select array_agg(p.${quote(targetColumn)} order by p.${quote(targetColumn)}) from ${quote(schema)}.${quote(table)} p where p.${quote(ownerColumn)} = ${alias}.${quote('id')}), '{}')`;
  }
  if (field.kind === 'scalar' && field.type === 'datetime') return datetimeText(column(field, alias));
  if (field.kind === 'scalar' && field.type === 'decimal') return `${column(field, alias)}::text`;
  return column(field, alias);
}

/** The ordering asked for, then `id` to make pages stable (unless it already ends in `id`). */
export function orderTerms(ordering: readonly Ordering[] = [], alias = 'e'): string[] {
  const terms = ordering.map(({ field, descending }) => `${column(field, alias)} ${descending ? 'desc' : 'asc'}`);
  return ordering.at(-1)?.field.property === 'id' ? terms : [...terms, `${alias}.${quote('id')} asc`];
}

/** Parts joined by `and` or `or`; `true` parts of an `and` are left out. */
export function joinConditions(given: readonly Condition[], operator: 'and' | 'or'): Condition {
  const parts = operator === 'and' ? given.filter((part) => part.sql !== 'true') : given;
  if (parts.length === 0) return { sql: operator === 'and' ? 'true' : 'false', params: [] };
  return { sql: parts.map((part) => `(${part.sql})`).join(` ${operator} `), params: parts.flatMap((part) => part.params) };
}
