/**
 * How long the fuzzers run: a fixed seed and a bounded count under `npm test`,
 * a big count under `npm run fuzz` (FUZZ_RUNS), another seed with FUZZ_SEED.
 */
export function fuzzSettings(defaultRuns: number): { seed: number; numRuns: number; scaled: boolean } {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { seed: Number.isInteger(seed) ? seed : 20261129, numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns, scaled: Number.isInteger(runs) && runs > 0 };
}
