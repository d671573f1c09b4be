import { startChildServer, type ChildServer } from '../lib/child-server';
import { startBenchDatabase } from '../lib/database';
import { measureRps, type Benchmark, type BenchRow } from '../lib/harness';
import { normalizeOurs, normalizePostGraphile, ourQuery, postGraphileQuery, type WorkloadPage } from './workload';

const FLOOR = 'hand-written fastify + pg (4 statements)';
const POSTGRAPHILE_4 = 'PostGraphile 4';
const POSTGRAPHILE_5 = 'PostGraphile 5 (Amber)';

interface Subject {
  name: string;
  url: string;
  body: string;
  normalize: (result: unknown) => WorkloadPage;
  close(): Promise<void>;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const SUBJECT_SERVER = 'bench/graphql/subject-server.ts';
const OURS = 'sandbox-gateway, mercurius';
const UNSHIELDED = 'sandbox-gateway, mercurius without graphql-shield';

/**
 * GraphQL workload W: our engines (and ours without graphql-shield), the hand-written floor, PostGraphile 4
 * and 5, all over the same client schema, each in a process of its own and checked to return the same rows,
 * then measured in the order A B C D and again D C B A.
 */
export const graphqlBenchmark: Benchmark = {
  name: 'graphql',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_graphql');
    const subjects: Subject[] = [];
    try {
      // The client is registered through a server of its own, closed before anything is measured: a server
      // that has also run a registration (argon2, provisioning) is slower on W by up to a third in this
      // benchmark, which would be charged to whichever subject did it.
      const setup = await startChildServer(SUBJECT_SERVER, ['mercurius', databaseUrl, '']);
      const post = async (path: string, body: unknown) =>
        (await fetch(`${setup.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const credentials = { email: 'bench@example.com', password: 'correct horse battery staple' };
      const { client } = await post('/api/auth/register/', credentials);
      const { access: token } = await post('/api/token/', credentials);
      await setup.close();
      const ours = (name: string, server: ChildServer): Subject => ({ name, ...server, body: JSON.stringify({ query: ourQuery }), normalize: normalizeOurs });
      for (const [name, subject] of [
        [OURS, 'mercurius'],
        [UNSHIELDED, 'mercurius-unshielded'],
        ['sandbox-gateway, apollo', 'apollo'],
        [FLOOR, 'floor'],
      ] as const) {
        subjects.push(ours(name, await startChildServer(SUBJECT_SERVER, [subject, databaseUrl, client.schema])));
      }
      for (const [name, subject, idField] of [
        [POSTGRAPHILE_4, 'postgraphile4', 'id'],
        [POSTGRAPHILE_5, 'postgraphile5', 'rowId'],
      ] as const) {
        const server = await startChildServer(SUBJECT_SERVER, [subject, databaseUrl, client.schema]);
        subjects.push({ name, ...server, body: JSON.stringify({ query: postGraphileQuery(idField) }), normalize: normalizePostGraphile(idField) });
      }

      // Ours authenticates (token + Api-Key); the floor and PostGraphile serve the schema to anybody.
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'api-key': client.api_key };
      const answer = async (subject: Subject) => {
        const response = await fetch(`${subject.url}/graphql`, { method: 'POST', headers, body: subject.body });
        const result = (await response.json()) as { errors?: unknown };
        if (result.errors) throw new Error(`${subject.name}: ${JSON.stringify(result.errors)}`);
        return JSON.stringify(subject.normalize(result));
      };
      const reference = await answer(subjects[0]);
      for (const subject of subjects) {
        if ((await answer(subject)) !== reference) throw new Error(`${subject.name} does not return the same rows as ${subjects[0].name}`);
        await measureRps(`${subject.url}/graphql`, { seconds: 2, headers, method: 'POST', body: subject.body }); // warm-up
      }
      const totals = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
      for (const order of [subjects, [...subjects].reverse()]) {
        for (const subject of order) {
          const result = await measureRps(`${subject.url}/graphql`, { seconds: 6, headers, method: 'POST', body: subject.body });
          const entry = totals.get(subject.name) ?? { rps: [], p50: [], p99: [] };
          entry.rps.push(result.rps);
          entry.p50.push(result.p50);
          entry.p99.push(result.p99);
          totals.set(subject.name, entry);
        }
      }
      const rps = (name: string) => mean(totals.get(name)!.rps);
      const rows: BenchRow[] = subjects
        .filter((subject) => subject.name !== FLOOR)
        .map((subject) => {
          const entry = totals.get(subject.name)!;
          return {
            case: 'workload W',
            subject: `${subject.name} (p50 ${mean(entry.p50)} ms, p99 ${mean(entry.p99)} ms)`,
            subjectValue: rps(subject.name),
            baseline: FLOOR,
            baselineValue: rps(FLOOR),
            unit: 'req/s',
            ratio: rps(subject.name) / rps(FLOOR),
          };
        });
      for (const peer of [POSTGRAPHILE_5, POSTGRAPHILE_4]) {
        rows.push({ case: 'against a peer', subject: OURS, subjectValue: rps(OURS), baseline: peer, baselineValue: rps(peer), unit: 'req/s', ratio: rps(OURS) / rps(peer) });
      }
      rows.push({ case: 'graphql-shield overhead', subject: 'with shield', subjectValue: rps(OURS), baseline: 'without shield', baselineValue: rps(UNSHIELDED), unit: 'req/s', ratio: rps(OURS) / rps(UNSHIELDED) });
      return rows;
    } finally {
      for (const subject of subjects) await subject.close();
      await database.stop();
    }
  },
};
