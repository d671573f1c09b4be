import type { EntityManager } from '@mikro-orm/postgresql';
import { boundedStatement, runBound, STATEMENT_SEPARATOR } from '../db/statement-batch';
import type { ReadQuery, ReadResult, Row } from '../resources/read-query';
import type { ResourceRegistry, ResourceSpec } from '../resources/registry';
import { schemaOf, treeResult } from './read';
import { treeStatement, type TreeAnswer, type TreeBounds } from './tree-statement';
import { WhereCompiler, type RowRule } from './where-sql';
import { writeStatement, type WriteAnswer, type WriteChecks, type WriteCommand } from './write-statement';

export interface WriteRun {
  command: WriteCommand;
  checks: WriteChecks;
  quota: { rows: number; bytes: number };
  /** The checks only: nothing is written (the body is already refused; its 400 lists every field's errors). */
  checkOnly?: boolean;
  /** A read of the written row (its `where` is `{ kind: 'written' }`), sent in the same message. */
  readBack?: { query: ReadQuery; bounds: TreeBounds };
}

/**
 * A write run on the request's EntityManager, in its connection and transaction context: one
 * statement (write-statement.ts), its values bound (`runBound`: prepared, whatever the values). With
 * `readBack` the tree read of what it wrote follows in the same message, values inlined (a message
 * of two statements cannot be parameterized): PostgreSQL runs a message as one transaction, so the
 * read sees the write and a failed write reads nothing; one round trip, and never re-run.
 */
export async function writeQuery(em: EntityManager, registry: ResourceRegistry, spec: ResourceSpec, rowRule: RowRule, run: WriteRun): Promise<{ answer: WriteAnswer; read?: ReadResult }> {
  const where = new WhereCompiler(schemaOf(em), rowRule);
  const write = writeStatement(schemaOf(em), registry, where, spec, run.command, run.checks, { rowQuota: run.quota.rows, byteQuota: run.quota.bytes, markWritten: Boolean(run.readBack) }, run.checkOnly);
  const readBack = run.readBack && !run.checkOnly ? run.readBack : undefined;
  if (!readBack) {
    const [row] = await runBound(em, write.sql, write.params);
    return { answer: write.answer(row) };
  }
  const tree = treeStatement(schemaOf(em), where, spec, readBack.query, readBack.bounds);
  const message = [boundedStatement(em, write.sql, write.params, true), boundedStatement(em, tree.sql, tree.params)].join(STATEMENT_SEPARATOR);
  const [written, read] = (await em.execute(message, [], 'all')) as unknown as Row[][];
  const answer = write.answer(written[0]);
  return { answer, read: answer.row ? treeResult(read[0] as TreeAnswer & Row, readBack.bounds) : undefined };
}
