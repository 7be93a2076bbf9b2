// Runs every benchmark, or those named on the command line: `tsx run.ts [bus ...] [--option N]`.
// Each prints `key: value` lines and rewrites its section of RESULTS.md.
import { benchmarkNames } from './support/bench-args';
import type { BenchResult } from './results';
import { writeSection } from './results';

/** The benchmarks by name; each lives in <name>.bench.ts and exports `run()`. */
const benchmarks: Record<string, () => Promise<{ run: () => Promise<BenchResult> }>> = {
  bus: () => import('./bus.bench'),
  news: () => import('./news.bench'),
  llm: () => import('./llm.bench'),
};

async function main(): Promise<void> {
  const wanted = benchmarkNames(process.argv.slice(2));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(benchmarks).join(', ')}`);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
    console.log(`benchmark: ${name}`);
    const result = await (await benchmarks[name]!()).run();
    for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
    writeSection(result);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
