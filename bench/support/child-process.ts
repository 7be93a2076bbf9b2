// A TypeScript child process that the benchmarks talk to over IPC: run with tsx, or bundled first
// the way a service ships (startBundledChild).
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serviceBundleArgs } from '@pulse/testing';

const run = promisify(execFile);

export interface Child<M> {
  process: ChildProcess;
  /** Resolves with the next message of `type` (registered before the request that causes it). */
  next<T extends M>(type: string): Promise<T>;
  send(message: object): void;
  /** Asks the child to close (`{ type: 'close' }`) and waits for it to exit (killed after 5 s). */
  stop(): Promise<void>;
}

/** The node flags of BENCH_CHILD_NODE_FLAGS (space-separated), for every process a benchmark starts. */
export function benchChildNodeFlags(): string[] {
  return (process.env.BENCH_CHILD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/**
 * Forks `file` with `args` (and extra node flags, e.g. a heap size) and resolves once it sent `{ type: 'ready' }` (with that message).
 * BENCH_CHILD_NODE_FLAGS adds flags to every child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the
 * services under load (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export async function startChild<M extends { type: string }>(file: string, args: string[], nodeFlags: string[] = []): Promise<{ child: Child<M>; ready: M }> {
  return forkChild<M>(file, args, [...nodeFlags, ...benchChildNodeFlags(), '--import', 'tsx']);
}

/**
 * startChild for a child that runs a service: `file` is first bundled into one file by the
 * services' `build` script (serviceBundleArgs) and runs the way the image runs dist/main.js.
 * Under tsx the same service takes ~36 MiB more RSS (the news service after loading its modules:
 * 169 MiB under tsx, 133 MiB bundled), which is the launcher's and not the service's.
 */
export async function startBundledChild<M extends { type: string }>(file: string, args: string[], nodeFlags: string[] = []): Promise<{ child: Child<M>; ready: M }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
  const removeBundle = () => rmSync(dir, { recursive: true, force: true });
  try {
    const outfile = path.join(dir, `${path.basename(file, '.ts')}.js`);
    await run(path.join(__dirname, '..', 'node_modules', '.bin', 'esbuild'), [...serviceBundleArgs(file, outfile), '--log-level=error'], { timeout: 300_000 });
    const started = await forkChild<M>(outfile, args, [...nodeFlags, ...benchChildNodeFlags()]);
    started.child.process.once('exit', removeBundle);
    return started;
  } catch (error) {
    removeBundle();
    throw error;
  }
}

async function forkChild<M extends { type: string }>(file: string, args: string[], execArgv: string[]): Promise<{ child: Child<M>; ready: M }> {
  const proc = fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<string, Array<(message: M) => void>>();
  proc.on('message', (message: M) => {
    const resolvers = waiting.get(message.type);
    resolvers?.shift()?.(message);
  });
  const child: Child<M> = {
    process: proc,
    next: <T extends M>(type: string) => new Promise<T>((resolve, reject) => {
      const list = waiting.get(type) ?? [];
      list.push((message) => resolve(message as T));
      waiting.set(type, list);
      proc.once('exit', (code) => reject(new Error(`child ${file} exited with ${code} while waiting for "${type}"`)));
    }),
    send: (message) => { proc.send(message); },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'close' });
      const timer = setTimeout(() => proc.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const ready = child.next<M>('ready');
  return { child, ready: await ready };
}
