import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { REQUEST_CONNECTIONS } from '../../src/db/orm';

export interface PostgresMemory {
  /** PSS summed over the postmaster and every process it started, in bytes. */
  total: number;
  /** The largest PSS of one backend serving requests (the ORM's connections), in bytes. */
  largestBackend: number;
  backends: number;
}

/**
 * PostgreSQL's memory as the kernel counts it: PSS (shared pages split among the processes that map
 * them), from /proc/<pid>/smaps_rollup. Needs the server on this machine (the embedded one).
 */
export async function postgresMemory(app: FastifyInstance): Promise<PostgresMemory> {
  const { rows } = await app.pool.query<{ pid: number; backends: number[] }>(
    `select pg_backend_pid() as pid,
            array(select pid from pg_stat_activity where datname = current_database() and application_name = $1) as backends`,
    [REQUEST_CONNECTIONS],
  );
  const postmaster = await parentOf(rows[0].pid);
  const children = (await readFile(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')).trim().split(/\s+/).map(Number);
  const sizes = await Promise.all([postmaster, ...children].map(pss));
  const backendSizes = await Promise.all(rows[0].backends.map(pss));
  return { total: sizes.reduce((a, b) => a + b, 0), largestBackend: Math.max(0, ...backendSizes), backends: backendSizes.length };
}

async function parentOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => {
    throw new Error(`PostgreSQL's process ${pid} is not on this machine: bench tenancy reads its memory from /proc (unset BENCH_DATABASE_URL)`);
  });
  // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** A process's PSS in bytes (0 if it has exited since it was listed). */
async function pss(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
  return kb ? Number(kb[1]) * 1024 : 0;
}
