import type { Pool } from 'pg';
import { runTraffic, statusCounts, type Exchange } from './traffic';

/** One API client the load writes into: the headers that select it and the schema that holds its rows. */
export interface LoadTarget {
  headers: Record<string, string>;
  schema: string;
}

export interface WriteLoadResult {
  exchanges: Exchange[];
  /** Responses 201, per schema. */
  acknowledged: Map<string, number>;
  statuses: Record<number, number>;
  seconds: number;
}

/**
 * `connections` concurrent writers, connection i writing into `targets[i % targets.length]`,
 * each `POST /api/tags/` a new unique name (`<prefix>-<connection>-<seq>`), while `keepGoing` says so.
 */
export async function runWriteLoad(options: {
  baseUrl: string;
  targets: LoadTarget[];
  connections: number;
  prefix: string;
  keepGoing: (connection: number, seq: number) => boolean;
}): Promise<WriteLoadResult> {
  const { targets, prefix } = options;
  const started = performance.now();
  const exchanges = await runTraffic({
    baseUrl: options.baseUrl,
    workers: options.connections,
    keepGoing: options.keepGoing,
    plan: (connection, seq) => {
      const key = `${prefix}-${connection}-${seq}`;
      return { method: 'POST', path: '/api/tags/', headers: targets[connection % targets.length].headers, body: { name: key }, key };
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const acknowledged = new Map(targets.map((target) => [target.schema, 0]));
  for (const exchange of exchanges) {
    if (exchange.status !== 201) continue;
    const schema = targets[exchange.worker % targets.length].schema;
    acknowledged.set(schema, acknowledged.get(schema)! + 1);
  }
  return { exchanges, acknowledged, statuses: statusCounts(exchanges), seconds };
}

/** Rows whose name starts with `<prefix>-`, per schema. */
export async function countWrittenRows(pool: Pool, schemas: string[], prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const schema of schemas) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from "${schema}".tags where name like $1`, [`${prefix}-%`]);
    counts.set(schema, rows[0].n);
  }
  return counts;
}
