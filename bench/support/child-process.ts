// A TypeScript child process (run with tsx) that the benchmarks talk to over IPC.
import { fork, type ChildProcess } from 'node:child_process';

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
  const proc = fork(file, args, { execArgv: [...nodeFlags, ...benchChildNodeFlags(), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
