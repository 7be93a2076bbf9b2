import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one benchmark reports: `key: value` figures plus how it was run. */
export interface BenchResult {
  name: string;
  title: string;
  command: string;
  figures: Record<string, string | number>;
  notes?: string[];
}

const resultsFile = path.join(__dirname, 'RESULTS.md');

/** The machine the figures come from. */
export function machine(): string {
  const pom = readFileSync(path.join(__dirname, '..', 'infra', 'kafka', 'pom.xml'), 'utf8');
  const kafka = /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown';
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, ` +
    `Node ${process.version}, Kafka ${kafka} (one KRaft broker on 127.0.0.1), ${os.type()} ${os.release()}`;
}

/**
 * Replaces (or appends) the benchmark's section of bench/RESULTS.md. `reference`: how long the
 * reference workload took right before and right after the run (support/reference-workload.ts).
 */
export function writeSection(result: BenchResult, reference: { before: number; after: number }): void {
  const start = `<!-- bench:${result.name}:start -->`;
  const end = `<!-- bench:${result.name}:end -->`;
  const body = [
    start,
    `## ${result.title}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine()}`,
    `- one core's speed: reference workload ${reference.before} ms before / ${reference.after} ms after the run (bench/support/reference-workload.ts; lower is faster; this VM's varies up to 2x within minutes, so compare runs with it in mind)`,
    `- command: \`${result.command}\``,
    '',
    '| figure | value |',
    '|---|---|',
    ...Object.entries(result.figures).map(([k, v]) => `| ${k} | ${v} |`),
    ...(result.notes && result.notes.length > 0 ? ['', ...result.notes.map((n) => `- ${n}`)] : []),
    end,
  ].join('\n');
  let text = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench [-- <name>]`; each benchmark replaces its own section.\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + body + text.slice(to + end.length) : `${text.trimEnd()}\n\n${body}\n`;
  writeFileSync(resultsFile, text.endsWith('\n') ? text : `${text}\n`);
}
