import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function run(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the server of `serverUrl` (tests, benchmarks, emitting documents). */
export async function createScratchDatabase(serverUrl: string, name = `scratch_${randomBytes(6).toString('hex')}`): Promise<ScratchDatabase> {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  await run(serverUrl, `drop database if exists ${quoted} with (force)`);
  await run(serverUrl, `create database ${quoted}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(serverUrl, `drop database if exists ${quoted} with (force)`) };
}
