import type { EntityManager } from '@mikro-orm/postgresql';
import { statementBatchOf } from '../db/statement-batch';
import type { ReadQuery, ReferenceCheck, Row, SelectedRelation, Selection } from '../resources/read-query';
import { ALL, relationKey } from '../resources/read-query';
import type { ResourceRegistry, ResourceSpec } from '../resources/registry';
import { fieldValue, joinConditions, orderTerms, quote, tableOf, type Condition } from './sql-text';
import type { WhereCompiler } from './where-sql';

/**
 * A read as plain rows: the page and its count (with the reference checks) as two statements in one
 * round trip, then each level of relations in one more, one `id in (…)` statement per relation (or
 * the children of every row at once), whatever the page size (no N+1). REST's form: each row is the
 * serializer's whole field list.
 */
export class RowsReader {
  private readonly schema: string;
  private readonly batch;

  constructor(
    em: EntityManager,
    private readonly registry: ResourceRegistry,
    private readonly where: WhereCompiler,
  ) {
    this.schema = em.schema ?? 'public';
    this.batch = statementBatchOf(em);
  }

  async read(spec: ResourceSpec, query: ReadQuery): Promise<{ rows: Row[]; count?: number; missing: number[][] }> {
    const condition = this.where.visible(spec, query.where);
    const checks = query.checks ?? [];
    const select = query.shapes[0]?.select;
    const page = query.page;
    const [counted, rows] = await Promise.all([
      query.count ? this.countAndMissing(spec, condition, checks) : checks.length ? this.missing(checks).then((missing) => ({ count: undefined, missing })) : { count: undefined, missing: [] },
      select ? this.rows(spec, condition, select, query.ordering, page?.size, page ? (page.number - 1) * page.size : 0) : [],
    ]);
    return { rows, count: counted.count, missing: counted.missing };
  }

  private selectList(spec: ResourceSpec, select: Selection): string[] {
    return spec.fields
      .filter((field) => !field.writeOnly && (select.fields === 'all' || select.fields.has(field.property) || field.property === 'id'))
      .map((field) => `${fieldValue(this.schema, field)} as ${quote(field.property)}`);
  }

  private async rows(spec: ResourceSpec, where: Condition, select: Selection, ordering: ReadQuery['ordering'], limit?: number, offset = 0): Promise<Row[]> {
    let sql = `select ${this.selectList(spec, select).join(', ')} from ${tableOf(this.schema, spec)} e where ${where.sql} order by ${orderTerms(ordering).join(', ')}`;
    const params = [...where.params];
    if (limit !== undefined) {
      sql += ' limit ? offset ?';
      params.push(limit, offset);
    }
    const rows = await this.batch.rows(sql, params);
    await this.relations(rows, select.relations);
    return rows;
  }

  /** The count, and for each check the ids it names that no row has, in the order named: one statement. */
  private async countAndMissing(spec: ResourceSpec, where: Condition, checks: readonly ReferenceCheck[]): Promise<{ count: number; missing: number[][] }> {
    const missing = this.missingColumns(checks);
    const sql = `select count(*)::int as n${missing.sql} from ${tableOf(this.schema, spec)} e where ${where.sql}`;
    const [row] = await this.batch.rows<Row>(sql, [...missing.params, ...where.params]);
    return { count: row.n as number, missing: checks.map((_check, index) => row[`missing${index}`] as number[]) };
  }

  /** Only the ids no row has, for each check (a request whose other parameters are already refused). */
  private async missing(checks: readonly ReferenceCheck[]): Promise<number[][]> {
    const columns = this.missingColumns(checks);
    const [row] = await this.batch.rows<Row>(`select ${columns.sql.slice(2)}`, columns.params);
    return checks.map((_check, index) => row[`missing${index}`] as number[]);
  }

  private missingColumns(checks: readonly ReferenceCheck[]): Condition {
    const columns = checks.map(({ target }, index) => {
      const table = tableOf(this.schema, this.registry.get(target)!);
      return (
        `, coalesce((select array_agg(x.id order by x.n) from unnest(array[?]::int[]) with ordinality x(id, n) ` +
        `where not exists (select 1 from ${table} r where r.${quote('id')} = x.id)), '{}') as ${quote(`missing${index}`)}`
      );
    });
    return { sql: columns.join(''), params: checks.map(({ ids }) => ids) };
  }

  /** Each relation's rows under `relationKey(key)`: every relation of a level at once. */
  private async relations(rows: Row[], relations: readonly SelectedRelation[]): Promise<void> {
    if (rows.length === 0) return;
    await Promise.all(relations.map((relation) => (relation.kind === 'children' ? this.children(rows, relation) : this.related(rows, relation))));
  }

  private async related(rows: Row[], relation: Extract<SelectedRelation, { kind: 'reference' | 'collection' }>): Promise<void> {
    const { field, target } = relation;
    const ids = new Set<number>();
    for (const row of rows) {
      const value = row[field.property];
      for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'number') ids.add(id);
    }
    const byId = new Map<number, Row>();
    if (ids.size) {
      const where = joinConditions([{ sql: `e.${quote('id')} in (?)`, params: [[...ids]] }, this.where.visible(target, ALL)], 'and');
      for (const row of await this.rows(target, where, relation.select, [])) byId.set(row.id as number, row);
    }
    for (const row of rows) {
      const value = row[field.property];
      row[relationKey(relation.key)] = Array.isArray(value) ? value.flatMap((id) => byId.get(id) ?? []) : value == null ? null : (byId.get(value as number) ?? null);
    }
  }

  /** The first `limit` children of each row, in one statement: row_number() per parent. */
  private async children(rows: Row[], relation: Extract<SelectedRelation, { kind: 'children' }>): Promise<void> {
    const { target, inverse, select } = relation;
    const parent = quote(inverse.column);
    const where = this.where.visible(target, relation.where);
    const sql =
      `select * from (select ${this.selectList(target, select).join(', ')}, e.${parent} as "__parent", ` +
      `row_number() over (partition by e.${parent} order by ${orderTerms(relation.ordering).join(', ')}) as "__rank" ` +
      `from ${tableOf(this.schema, target)} e where e.${parent} in (?) and (${where.sql})) ranked ` +
      `where "__rank" <= ? order by "__parent", "__rank"`;
    const children = await this.batch.rows(sql, [rows.map((row) => row.id), ...where.params, relation.limit]);
    const byParent = new Map<number, Row[]>();
    for (const { __parent, __rank, ...child } of children) {
      const siblings = byParent.get(__parent as number) ?? [];
      siblings.push(child);
      byParent.set(__parent as number, siblings);
    }
    await this.relations([...byParent.values()].flat(), select.relations);
    for (const row of rows) row[relationKey(relation.key)] = byParent.get(row.id as number) ?? [];
  }
}
