// Options after the benchmark names: `tsx run.ts news --feeds 200`.

/** The value of `--name N` on the command line (or BENCH_<NAME> in the environment), else `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const argv = process.argv;
  const at = argv.indexOf(`--${name}`);
  const raw = at >= 0 ? argv[at + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The benchmark names on the command line: every argument that is not an option or its value. */
export function benchmarkNames(argv: string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i]!.startsWith('--')) i++;
    else names.push(argv[i]!);
  }
  return names;
}
