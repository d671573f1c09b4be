import type { Ordering, ReadQuery, SelectedRelation, Selection, Where } from '../resources/read-query';
import { ALL, relationKey } from '../resources/read-query';
import type { ResourceSpec } from '../resources/registry';
import { column, fieldValue, joinConditions, literal, orderTerms, quote, tableOf, type Condition } from './sql-text';
import type { WhereCompiler } from './where-sql';

/** Keys one json_build_object takes at most (100 arguments, two per key); longer objects are joined as jsonb. */
const MAX_KEYS_PER_OBJECT = 50;

export interface TreeBounds {
  /** Items a many-to-many list holds per row (MAX_RELATED_ITEMS): the lowest ids. */
  maxRelated: number;
  /** A tree whose JSON is longer is measured by PostgreSQL and never sent (MAX_RESPONSE_BYTES). */
  maxBytes: number;
}

/** What one tree statement answers: the document (null when over maxBytes), its size, and the count. */
export interface TreeAnswer {
  doc: Record<string, Record<string, unknown>[]> | null;
  bytes: number;
  count: number | null;
}

/**
 * A read as one SQL statement returning its rows as JSON, the way PostGraphile and Hasura answer a
 * GraphQL query: every relation is a correlated subquery (`json_agg` over a derived table, ordered
 * and limited), so a query costs one statement and one round trip whatever its shape, and
 * PostgreSQL builds the rows. The page's rows may be read in several shapes at once (GraphQL
 * aliases of `items`); each shape is a key of the document.
 */
class TreeStatement {
  private aliases = 0;

  constructor(
    private readonly schema: string,
    private readonly where: WhereCompiler,
    private readonly maxRelated: number,
  ) {}

  /** The rows matching `where`, in order, `limit`/`offset` applied, as one JSON array per shape, keyed. */
  shapes(spec: ResourceSpec, where: Condition, shapes: ReadQuery['shapes'], ordering: Ordering[], limit?: number, offset = 0): Condition {
    if (shapes.length === 0) return { sql: `'{}'::json`, params: [] };
    const alias = `t${this.aliases++}`;
    const rows = this.rows(spec, where, shapes.map((shape) => shape.select), ordering, limit, offset);
    const order = orderTerms(ordering, alias).join(', ');
    const pairs = shapes.map(({ key, select }) => {
      const object = this.object(spec, select, alias);
      return { sql: `${literal(key)}, coalesce(json_agg(${object.sql} order by ${order}), '[]'::json)`, params: object.params };
    });
    const document = jsonObject(pairs);
    return { sql: `(select ${document.sql} from (${rows.sql}) ${alias})`, params: [...document.params, ...rows.params] };
  }

  /** One shape's rows as a JSON array. */
  private list(spec: ResourceSpec, where: Condition, select: Selection, ordering: Ordering[], limit?: number): Condition {
    const alias = `t${this.aliases++}`;
    const rows = this.rows(spec, where, [select], ordering, limit, 0);
    const object = this.object(spec, select, alias);
    return {
      sql: `coalesce((select json_agg(${object.sql} order by ${orderTerms(ordering, alias).join(', ')}) from (${rows.sql}) ${alias}), '[]'::json)`,
      params: [...object.params, ...rows.params],
    };
  }

  /** The row matching `where` as a JSON object, or null. */
  private one(spec: ResourceSpec, where: Condition, select: Selection): Condition {
    const alias = `t${this.aliases++}`;
    const object = this.object(spec, select, alias);
    const row = `select ${this.columns(spec, [select], [])} from ${tableOf(this.schema, spec)} e where ${where.sql}`;
    return { sql: `(select ${object.sql} from (${row}) ${alias})`, params: [...object.params, ...where.params] };
  }

  private rows(spec: ResourceSpec, where: Condition, selects: Selection[], ordering: Ordering[], limit: number | undefined, offset: number): Condition {
    let sql = `select ${this.columns(spec, selects, ordering)} from ${tableOf(this.schema, spec)} e where ${where.sql} order by ${orderTerms(ordering).join(', ')}`;
    const params = [...where.params];
    if (limit !== undefined) {
      sql += ' limit ? offset ?';
      params.push(limit, offset);
    }
    return { sql, params };
  }

  /** The columns a level's objects and order need (a narrow row costs PostgreSQL less than `e.*`). */
  private columns(spec: ResourceSpec, selects: Selection[], ordering: Ordering[]): string {
    const columns = new Set(['id']);
    for (const select of selects) {
      for (const field of spec.fields) if (field.kind !== 'collection' && selected(select, field.property)) columns.add(field.columns[0]);
      for (const relation of select.relations) if (relation.kind === 'reference') columns.add(relation.field.columns[0]);
    }
    for (const { field } of ordering) columns.add(field.columns[0]);
    return [...columns].map((name) => `e.${quote(name)}`).join(', ');
  }

  private object(spec: ResourceSpec, select: Selection, alias: string): Condition {
    const pairs: Condition[] = [];
    for (const field of spec.fields) {
      if (field.writeOnly || (field.property !== 'id' && !selected(select, field.property))) continue;
      pairs.push({ sql: `${literal(field.property)}, ${fieldValue(this.schema, field, alias)}`, params: [] });
    }
    for (const relation of select.relations) {
      const value = this.relation(relation, alias);
      pairs.push({ sql: `${literal(relationKey(relation.key))}, ${value.sql}`, params: value.params });
    }
    return jsonObject(pairs);
  }

  private relation(relation: SelectedRelation, parent: string): Condition {
    const { target, select } = relation;
    const where = (sql: string, and: Where = ALL) => joinConditions([{ sql, params: [] }, this.where.visible(target, and)], 'and');
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
}

const selected = (select: Selection, property: string) => select.fields === 'all' || select.fields.has(property);

/** `json_build_object` of key/value pairs; past its argument limit, chunks joined as jsonb. */
function jsonObject(pairs: Condition[]): Condition {
  const params = pairs.flatMap((pair) => pair.params);
  if (pairs.length <= MAX_KEYS_PER_OBJECT) return { sql: `json_build_object(${pairs.map((pair) => pair.sql).join(', ')})`, params };
  const chunks: string[] = [];
  for (let at = 0; at < pairs.length; at += MAX_KEYS_PER_OBJECT) {
    chunks.push(`jsonb_build_object(${pairs.slice(at, at + MAX_KEYS_PER_OBJECT).map((pair) => pair.sql).join(', ')})`);
  }
  return { sql: `(${chunks.join(' || ')})::json`, params };
}

/**
 * The whole read as one statement: `doc` (every shape of the page), its size, and the count. The
 * document is measured by PostgreSQL and sent only within `maxBytes`.
 */
export function treeStatement(schema: string, where: WhereCompiler, spec: ResourceSpec, query: ReadQuery, bounds: TreeBounds): Condition {
  const statement = new TreeStatement(schema, where, bounds.maxRelated);
  const condition = where.visible(spec, query.where);
  const page = query.page;
  const doc = statement.shapes(spec, condition, query.shapes, query.ordering, page?.size, page ? (page.number - 1) * page.size : 0);
  const count = query.count ? { sql: `(select count(*)::int from ${tableOf(schema, spec)} e where ${condition.sql})`, params: condition.params } : { sql: 'null::int', params: [] };
  // `offset 0` keeps the tree a subquery of its own, built once and measured before it is sent.
  return {
    sql:
      `select case when octet_length(t."doc"::text) <= ? then t."doc" end as "doc", octet_length(t."doc"::text) as "bytes", t."count" ` +
      `from (select ${doc.sql} as "doc", ${count.sql} as "count" offset 0) t`,
    params: [bounds.maxBytes, ...doc.params, ...count.params],
  };
}
