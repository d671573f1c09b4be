/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named), prints a
 * table per benchmark with every subject next to its baseline measured in the
 * same run, and writes bench/results/<name>.json.
 */
import { graphqlBenchmark } from './graphql';
import { hostileBenchmark } from './hostile';
import { httpOverheadBenchmark } from './http-overhead';
import { loadBenchmark } from './load';
import { printTable, writeResult, type Benchmark } from './lib/harness';
import { provisionBenchmark } from './provision';
import { referenceDataBenchmark } from './reference-data';
import { restBenchmark } from './rest';
import { plansBenchmark } from './plans';
import { soakBenchmark } from './soak';
import { tenancyBenchmark } from './tenancy';

const benchmarks: Benchmark[] = [referenceDataBenchmark, httpOverheadBenchmark, provisionBenchmark, restBenchmark, graphqlBenchmark, loadBenchmark, tenancyBenchmark, plansBenchmark, soakBenchmark, hostileBenchmark];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? benchmarks.filter((benchmark) => wanted.includes(benchmark.name)) : benchmarks;
  if (selected.length === 0) throw new Error(`no benchmark named ${wanted.join(', ')}; have ${benchmarks.map((b) => b.name).join(', ')}`);
  for (const benchmark of selected) {
    const rows = await benchmark.run();
    printTable(benchmark.name, rows);
    console.log(`→ ${await writeResult(benchmark.name, rows)}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
