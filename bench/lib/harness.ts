import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

/** One line of a benchmark's table: a subject measured next to its baseline in the same run. */
export interface BenchRow {
  case: string;
  subject: string;
  subjectValue: number;
  baseline: string;
  baselineValue: number;
  unit: string;
  /** subject / baseline for times (lower is better), baseline / subject for throughput. */
  ratio: number;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}

export const resultsDir = resolve(__dirname, '../results');

export async function writeResult(name: string, rows: BenchRow[]): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  await writeFile(file, JSON.stringify({ name, at: new Date().toISOString(), rows }, null, 2) + '\n');
  return file;
}

export function printTable(name: string, rows: BenchRow[]): void {
  console.log(`\n## ${name}`);
  console.table(
    rows.map((row) => ({
      case: row.case,
      [`subject`]: `${row.subject}: ${round(row.subjectValue)} ${row.unit}`,
      baseline: `${row.baseline}: ${round(row.baselineValue)} ${row.unit}`,
      ratio: `${row.ratio.toFixed(2)}×`,
    })),
  );
}

export function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Requests per second at `url` over `seconds`, with `connections` concurrent connections. The load
 * generator runs in a worker thread: sharing the measured server's event loop, it would charge its own
 * CPU to every server, and most to the ones that spend the least.
 */
export async function measureRps(
  url: string,
  options: { seconds?: number; connections?: number; headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string } = {},
) {
  const result = await autocannon({
    url,
    duration: options.seconds ?? 5,
    connections: options.connections ?? 10,
    headers: options.headers,
    method: options.method ?? 'GET',
    body: options.body,
    workers: 1,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}
