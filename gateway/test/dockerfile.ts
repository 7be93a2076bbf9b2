/**
 * Just enough of a Dockerfile reader for the image tests: stages, build arguments, the stage chain
 * an image is built from, and what its COPY --from=<stage> lines put where. Docker is not on the
 * development machines, so the tests rebuild an image's file layout from these lines instead.
 */
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM (usable in FROM lines), with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

export interface CopyFromStage {
  from: string;
  sources: string[];
  /** Absolute path in the image. */
  dest: string;
  /** The destination is a directory (several sources, or a trailing slash). */
  destIsDir: boolean;
}

/** Joins continuation lines, drops comments and blank lines, splits into stages. */
export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comment lines inside a continuation are removed by Docker too.
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending) logical.push(pending.trim());

  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m) throw new Error(`cannot read FROM ${args}`);
      stages.push({ base: m[1]!, name: m[2], instructions: [] });
    } else if (stages.length === 0) {
      if (upper !== 'ARG') throw new Error(`${keyword} before the first FROM`);
      const [name, value] = args.split('=', 2) as [string, string | undefined];
      globalArgs[name] = value;
    } else {
      stages[stages.length - 1]!.instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

/** Replaces ${NAME} and $NAME with the build arguments; an unknown one is an error (not ""). */
export function expand(value: string, args: Record<string, string | undefined>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const found = args[name];
    if (found === undefined) throw new Error(`build argument ${name} has no value`);
    return found;
  });
}

/** The stages the image is made of, base first, ending with the last stage of the file. */
export function imageStages(file: Dockerfile, buildArgs: Record<string, string>): Stage[] {
  const args = { ...file.globalArgs, ...buildArgs };
  const chain: Stage[] = [];
  let stage: Stage | undefined = file.stages[file.stages.length - 1];
  while (stage) {
    chain.unshift(stage);
    const base = expand(stage.base, args);
    stage = file.stages.find((s) => s.name === base);
  }
  return chain;
}

/** The image's WORKDIR at the end of its stage chain (absolute). */
export function workdir(chain: Stage[]): string {
  let dir = '/';
  for (const stage of chain) for (const i of stage.instructions) if (i.keyword === 'WORKDIR') dir = path.posix.resolve(dir, i.args);
  return dir;
}

/** Every `COPY --from=<stage>` of the image, with sources and destination expanded. */
export function copiesFromStages(file: Dockerfile, chain: Stage[], buildArgs: Record<string, string>): CopyFromStage[] {
  const copies: CopyFromStage[] = [];
  let dir = '/';
  for (const stage of chain) {
    // A stage sees the global ARGs it re-declares; the tests pass all of them.
    const args = { ...file.globalArgs, ...buildArgs };
    for (const { keyword, args: text } of stage.instructions) {
      if (keyword === 'WORKDIR') dir = path.posix.resolve(dir, expand(text, args));
      if (keyword !== 'COPY') continue;
      const tokens = text.split(/\s+/);
      const from = tokens.find((t) => t.startsWith('--from='))?.slice('--from='.length);
      if (!from) continue;
      const paths = tokens.filter((t) => !t.startsWith('--')).map((t) => expand(t, args));
      const target = paths.pop()!;
      copies.push({ from, sources: paths, dest: path.posix.resolve(dir, target), destIsDir: paths.length > 1 || target.endsWith('/') });
    }
  }
  return copies;
}

/**
 * Performs COPY lines the way Docker does, reading the source stage from `sourceRoot` (its WORKDIR
 * `sourceWorkdir` mapped onto a local directory) and writing under `imageRoot`. Symbolic links are
 * followed, as COPY does for pnpm's linked packages.
 */
export function materialize(copies: CopyFromStage[], options: { sourceWorkdir: string; sourceRoot: string; imageRoot: string }): void {
  for (const copy of copies) {
    for (const source of copy.sources) {
      const relative = path.posix.relative(options.sourceWorkdir, source);
      if (relative.startsWith('..')) throw new Error(`COPY source ${source} is outside ${options.sourceWorkdir}`);
      const local = path.join(options.sourceRoot, relative);
      if (!existsSync(local)) throw new Error(`COPY source ${source} does not exist (${local})`);
      const dest = path.join(options.imageRoot, copy.dest);
      // A directory's contents go into the destination; a file goes into it when it is a directory.
      const target = statSync(local).isDirectory() || !copy.destIsDir ? dest : path.join(dest, path.basename(local));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(local, target, { recursive: true, dereference: true });
    }
  }
}
