// Runs every benchmark, or those named on the command line: `tsx run.ts [bus ...] [--option N]`.
// Each prints `key: value` lines and rewrites its section of RESULTS.md.
import { readdirSync } from 'node:fs';
import { benchmarkNames } from './support/bench-args';
import type { BenchResult } from './results';
import { writeSection } from './results';
import { referenceWorkloadMs } from './support/reference-workload';

type BenchModule = { run: () => Promise<BenchResult> };

/** The benchmarks by name: every `<name>.bench.ts` next to this file, exporting `run()`. */
const benchmarks: Record<string, () => Promise<BenchModule>> = Object.fromEntries(
  readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort()
    .map((file) => [file.slice(0, -'.bench.ts'.length), () => import(`./${file}`) as Promise<BenchModule>]),
);

async function main(): Promise<void> {
  const wanted = benchmarkNames(process.argv.slice(2));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(benchmarks).join(', ')}`);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
    console.log(`benchmark: ${name}`);
    const referenceBefore = referenceWorkloadMs();
    const result = await (await benchmarks[name]!()).run();
    const reference = { before: referenceBefore, after: referenceWorkloadMs() };
    for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
    console.log(`reference workload ms before/after: ${reference.before} / ${reference.after}`);
    writeSection(result, reference);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
