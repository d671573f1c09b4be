import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Exchange, PlannedRequest } from '../../bench/load/traffic';

/** Tags every written product links to (ids of the reference data, present in every client schema). */
export const PRODUCT_TAGS = [1, 2, 3];

/**
 * The fault tests' steady stream, per worker: a tag, a product with three tags
 * (a write that spans two tables), a read, again. Every written name is unique
 * (`prefix`, worker, sequence), so each write can be looked for afterwards.
 */
export function storefrontPlan(prefix: string, headers: Record<string, string>) {
  return (worker: number, seq: number): PlannedRequest => {
    const key = `${prefix}-${worker}-${seq}`;
    switch (seq % 3) {
      case 0:
        return { method: 'POST', path: '/api/tags/', headers, body: { name: key }, key };
      case 1:
        return { method: 'POST', path: '/api/products/', headers, body: { sku: key, name: `Product ${key}`, price: '9.90', tags: PRODUCT_TAGS }, key };
      default:
        return { method: 'GET', path: '/api/products/?page_size=5&ordering=-id&expand=tags', headers };
    }
  };
}

export interface WriteAudit {
  /** Writes answered 201. */
  acknowledged: number;
  /** Acknowledged writes that are not in the database. */
  lost: string[];
  /** Products in the database without all of their tags (a torn write). */
  torn: string[];
  /** Rows of this workload in the database (acknowledged or not). */
  rows: number;
}

/** Compares what the clients were told with what `schema` holds. */
export async function auditWrites(pool: Pool, schema: string, prefix: string, exchanges: Exchange[]): Promise<WriteAudit> {
  const s = `"${schema}"`;
  const tags = await pool.query<{ name: string }>(`select name from ${s}.tags where name like $1`, [`${prefix}-%`]);
  const products = await pool.query<{ sku: string; tags: number }>(
    `select p.sku, count(pt.tag_id)::int as tags from ${s}.products p left join ${s}.product_tags pt on pt.product_id = p.id
      where p.sku like $1 group by p.sku`,
    [`${prefix}-%`],
  );
  const present = new Set([...tags.rows.map((row) => row.name), ...products.rows.map((row) => row.sku)]);
  const acknowledged = exchanges.filter((exchange) => exchange.method === 'POST' && exchange.status === 201);
  return {
    acknowledged: acknowledged.length,
    lost: acknowledged.map((exchange) => exchange.key!).filter((key) => !present.has(key)),
    torn: products.rows.filter((row) => row.tags !== PRODUCT_TAGS.length).map((row) => row.sku),
    rows: present.size,
  };
}

/** Polls `condition` every `everyMs`, at most `attempts` times; returns the attempts it took, or throws. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, attempts = 200, everyMs = 50): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (await condition()) return attempt;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting for ${what} after ${attempts} attempts`);
}
