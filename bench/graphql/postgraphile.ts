import '../lib/promise-with-resolvers';
import './postgraphile4-graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { postgraphile as postgraphile5 } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { postgraphile as postgraphile4 } from 'postgraphile4';
import { BENCH_POOL_SIZE } from '../lib/app';

export interface PeerServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server, pool: Pool, release: () => Promise<unknown> = async () => {}): Promise<PeerServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await release();
      await pool.end();
    },
  };
}

/** PostGraphile 4 (its v4 defaults) over one client schema, on a pool the size of ours. */
export async function startPostGraphile4(databaseUrl: string, schema: string): Promise<PeerServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: BENCH_POOL_SIZE });
  const handler = postgraphile4(pool, schema, { graphiql: false, disableQueryLog: true, setofFunctionsContainNulls: false, dynamicJson: true });
  return listen(createServer(handler), pool);
}

/**
 * PostGraphile 5 (the Amber preset) over one client schema, on a pool the size of ours; every column
 * orderable as in PostGraphile 4 (Amber only orders by indexed ones), so reviews can be ordered by date.
 */
export async function startPostGraphile5(databaseUrl: string, schema: string): Promise<PeerServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: BENCH_POOL_SIZE });
  const instance = postgraphile5({
    extends: [PostGraphileAmberPreset],
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ pool, schemas: [schema] })],
    grafserv: { graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const server = createServer();
  instance.createServ(grafserv).addTo(server);
  return listen(server, pool, async () => instance.release());
}
