import type { EntityManager } from '@mikro-orm/postgresql';
import { statementBatchOf } from '../db/statement-batch';
import { ResponseTooLarge } from '../limits/request-cost';
import type { ReadQuery, ReadResult, Row } from '../resources/read-query';
import type { ResourceRegistry, ResourceSpec } from '../resources/registry';
import { RowsReader } from './rows-statement';
import { treeStatement, type TreeAnswer, type TreeBounds } from './tree-statement';
import { WhereCompiler, type RowRule } from './where-sql';

/**
 * A ReadQuery compiled and run on the request's EntityManager: every table in its schema
 * (`em.schema`, the one place the schema comes from), the row rule applied at every level.
 */
export async function readQuery(em: EntityManager, registry: ResourceRegistry, spec: ResourceSpec, query: ReadQuery, rowRule: RowRule, bounds: TreeBounds): Promise<ReadResult> {
  const where = new WhereCompiler(schemaOf(em), rowRule);
  if (query.form === 'rows') {
    const { rows, count, missing } = await new RowsReader(em, registry, where).read(spec, query);
    return { shapes: { [query.shapes[0]?.key ?? 'items']: rows }, count, missing };
  }
  const statement = treeStatement(schemaOf(em), where, spec, query, bounds);
  const [answer] = await statementBatchOf(em).rows<TreeAnswer & Row>(statement.sql, statement.params);
  return treeResult(answer, bounds);
}

/** The schema every statement of the request names: its EntityManager's. */
export const schemaOf = (em: EntityManager) => em.schema ?? 'public';

/** A tree statement's one row as the read's result. */
export function treeResult(answer: TreeAnswer, bounds: TreeBounds): ReadResult {
  if (answer.doc === null) throw new ResponseTooLarge(answer.bytes, bounds.maxBytes);
  return { shapes: answer.doc, count: answer.count ?? undefined, missing: [] };
}
