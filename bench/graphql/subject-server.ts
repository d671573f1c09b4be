/**
 * One subject of bench/graphql, served in a process of its own:
 * `subject-server.ts <subject> <database url> <client schema>`; prints `listening <url>`.
 */
import type { FastifyInstance } from 'fastify';
import { startBenchApp } from '../lib/app';
import { startFloor } from './floor';
import { startPostGraphile4, startPostGraphile5 } from './postgraphile';

export const SUBJECTS = ['mercurius', 'mercurius-unshielded', 'apollo', 'floor', 'postgraphile4', 'postgraphile5'] as const;
export type SubjectName = (typeof SUBJECTS)[number];

async function start(subject: SubjectName, databaseUrl: string, schema: string): Promise<{ url: string; close(): Promise<unknown> }> {
  const ours = ({ app, url }: { app: FastifyInstance; url: string }) => ({ url, close: () => app.close() });
  switch (subject) {
    case 'mercurius':
      return ours(await startBenchApp(databaseUrl));
    case 'mercurius-unshielded':
      return ours(await startBenchApp(databaseUrl, { graphqlShield: false }));
    case 'apollo':
      return ours(await startBenchApp(databaseUrl, { graphqlEngine: 'apollo' }));
    case 'floor': {
      const floor = startFloor(databaseUrl, schema);
      return { url: await floor.app.listen({ host: '127.0.0.1', port: 0 }), close: async () => (await floor.app.close(), await floor.pool.end()) };
    }
    case 'postgraphile4':
      return startPostGraphile4(databaseUrl, schema);
    case 'postgraphile5':
      return startPostGraphile5(databaseUrl, schema);
  }
}

if (require.main === module) {
  const [subject, databaseUrl, schema] = process.argv.slice(2) as [SubjectName, string, string];
  if (!SUBJECTS.includes(subject)) throw new Error(`unknown subject ${subject}; one of ${SUBJECTS.join(', ')}`);
  start(subject, databaseUrl, schema).then(
    (server) => {
      console.log(`listening ${server.url}`);
      process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
