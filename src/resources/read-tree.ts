import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ordering } from './list-query';
import { column, joinConditions, orderTerms, quote, type Condition, type Row } from './read-rows';
import type { FieldSpec, InverseSpec, ResourceSpec } from './registry';
import { ResponseTooLarge } from '../limits/request-cost';
import { statementBatchOf } from '../db/statement-batch';

/** What to read of each row, and which relations to read with it, to any depth. */
export interface TreeSelection {
  /** Scalar properties; `id` is always read. */
  fields: ReadonlySet<string>;
  relations: TreeRelation[];
}

export type TreeRelation = {
  /** The row's value goes under `relationKey(key)` (a GraphQL response key: one relation may be read twice with different arguments). */
  key: string;
  target: ResourceSpec;
  select: TreeSelection;
} & (
  | { kind: 'reference' | 'collection'; field: FieldSpec }
  /** One-to-many: the first `limit` children of each row, in this order, matching `where` (alias `e`). */
  | { kind: 'children'; inverse: InverseSpec; where: Condition; ordering: Ordering[]; limit: number }
);

/** A relation's value in a tree row: under a key no property can have. */
export const relationKey = (key: string) => `@${key}`;

/** Keys one row object can have: json_build_object takes at most 100 arguments, two per key. */
export const MAX_KEYS_PER_ROW = 50;

export interface TreePage {
  ordering: Ordering[];
  limit: number;
  offset: number;
  /** Also count every row matching the condition (a page's totalCount). */
  count: boolean;
}

/** The row rule of a resource (ResourceService.visible), applied at every level of the tree. */
export type Visible = (spec: ResourceSpec, where: Condition) => Condition;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A page and its relations, to any depth, as one SQL statement that returns the rows as JSON, the
 * way PostGraphile and Hasura answer a GraphQL query: every level is a correlated subquery
 * (`json_agg` over a derived table ordered and limited like the level-by-level read would be), so a
 * query costs one statement and one round trip whatever its shape, and PostgreSQL builds the rows.
 *
 * Scalars come back as the level-by-level read returns them, except what JSON changes: decimals are
 * sent as text (exact, as REST does) and timestamps as PostgreSQL's ISO text (the GraphQL scalar
 * takes both).
 */
class TreeStatement {
  private aliases = 0;

  constructor(
    private readonly schema: string,
    private readonly visible: Visible,
    /** Items a many-to-many list holds per row (MAX_RELATED_ITEMS): the lowest ids. */
    private readonly maxRelated: number,
  ) {}

  private table(spec: ResourceSpec): string {
    return `${quote(this.schema)}.${quote(spec.table)}`;
  }

  /** The rows matching `where` as a JSON array, in order, `limit`/`offset` applied. */
  list(spec: ResourceSpec, where: Condition, select: TreeSelection, ordering: Ordering[], limit?: number, offset = 0): Condition {
    const alias = `t${this.aliases++}`;
    const object = this.object(spec, select, alias);
    let rows = `select ${this.columns(spec, select, ordering)} from ${this.table(spec)} e where ${where.sql} order by ${orderTerms(ordering).join(', ')}`;
    const params = [...object.params, ...where.params];
    if (limit !== undefined) {
      rows += ' limit ? offset ?';
      params.push(limit, offset);
    }
    return {
      sql: `coalesce((select json_agg(${object.sql} order by ${orderTerms(ordering, alias).join(', ')}) from (${rows}) ${alias}), '[]'::json)`,
      params,
    };
  }

  /** The row matching `where` as a JSON object, or null. */
  private one(spec: ResourceSpec, where: Condition, select: TreeSelection): Condition {
    const alias = `t${this.aliases++}`;
    const object = this.object(spec, select, alias);
    const row = `select ${this.columns(spec, select, [])} from ${this.table(spec)} e where ${where.sql}`;
    return { sql: `(select ${object.sql} from (${row}) ${alias})`, params: [...object.params, ...where.params] };
  }

  /** The columns a level's object and order need (a narrow row costs PostgreSQL less than `e.*`). */
  private columns(spec: ResourceSpec, select: TreeSelection, ordering: Ordering[]): string {
    const columns = new Set(['id']);
    for (const field of spec.fields) if (field.kind === 'scalar' && select.fields.has(field.property)) columns.add(field.columns[0]);
    for (const relation of select.relations) if (relation.kind === 'reference') columns.add(relation.field.columns[0]);
    for (const { field } of ordering) columns.add(field.columns[0]);
    return [...columns].map((name) => `e.${quote(name)}`).join(', ');
  }

  private object(spec: ResourceSpec, select: TreeSelection, alias: string): Condition {
    const pairs: Condition[] = [];
    for (const field of spec.fields) {
      if (field.kind !== 'scalar' || field.writeOnly || (field.property !== 'id' && !select.fields.has(field.property))) continue;
      pairs.push({ sql: `${literal(field.property)}, ${column(field, alias)}${field.type === 'decimal' ? '::text' : ''}`, params: [] });
    }
    for (const relation of select.relations) {
      const value = this.relation(relation, alias);
      pairs.push({ sql: `${literal(relationKey(relation.key))}, ${value.sql}`, params: value.params });
    }
    return { sql: `json_build_object(${pairs.map((pair) => pair.sql).join(', ')})`, params: pairs.flatMap((pair) => pair.params) };
  }

  private relation(relation: TreeRelation, parent: string): Condition {
    const { target, select } = relation;
    const where = (sql: string, and?: Condition) => this.visible(target, joinConditions([{ sql, params: [] }, ...(and ? [and] : [])], 'and'));
    switch (relation.kind) {
      case 'reference':
        return this.one(target, where(`e.${quote('id')} = ${column(relation.field, parent)}`), select);
      case 'collection': {
        const { table, ownerColumn, targetColumn } = relation.field.pivot!;
        const ids = `select pv.${quote(targetColumn)} from ${quote(this.schema)}.${quote(table)} pv where pv.${quote(ownerColumn)} = ${parent}.${quote('id')}`;
        return this.list(target, where(`e.${quote('id')} in (${ids})`), select, [], this.maxRelated);
      }
      case 'children':
        return this.list(target, where(`e.${quote(relation.inverse.column)} = ${parent}.${quote('id')}`, relation.where), select, relation.ordering, relation.limit);
    }
  }

  count(spec: ResourceSpec, where: Condition): Condition {
    return { sql: `(select count(*)::int from ${this.table(spec)} e where ${where.sql})`, params: where.params };
  }
}

export interface TreeBounds {
  maxRelated: number;
  /** A tree whose JSON is longer is measured by PostgreSQL and never sent (MAX_RESPONSE_BYTES). */
  maxBytes: number;
}

/** Reads a page with its relation tree in one statement (see TreeStatement). */
export async function readTree(
  em: EntityManager,
  spec: ResourceSpec,
  where: Condition,
  page: TreePage,
  select: TreeSelection,
  visible: Visible,
  bounds: TreeBounds,
): Promise<{ count?: number; rows: Row[] }> {
  const statement = new TreeStatement(em.schema ?? 'public', visible, bounds.maxRelated);
  const list = statement.list(spec, where, select, page.ordering, page.limit, page.offset);
  const count = page.count ? statement.count(spec, where) : { sql: 'null::int', params: [] };
  // `offset 0` keeps the tree a subquery of its own, built once and measured before it is sent.
  const sql =
    `select case when octet_length(t."doc"::text) <= ? then t."doc" end as "rows", octet_length(t."doc"::text) as "bytes", t."count" ` +
    `from (select ${list.sql} as "doc", ${count.sql} as "count" offset 0) t`;
  const [row] = await statementBatchOf(em).rows<{ rows: Row[] | null; bytes: number; count: number | null }>(sql, [bounds.maxBytes, ...list.params, ...count.params]);
  if (row.rows === null) throw new ResponseTooLarge(row.bytes, bounds.maxBytes);
  return { rows: row.rows, count: row.count ?? undefined };
}
