// The services (and the dev gateway) as separate processes, the way `npm start` runs them
// (tsx, one process group each, like @pulse/local-run's startServiceProcess), plus what a benchmark
// needs around them: free ports, readiness, the process tree and its peak RSS from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { stopServiceProcess, waitReady, type ServiceProcess } from '@pulse/local-run/src/services';
import { benchChildNodeFlags } from './child-process';
import { processCpu } from './cpu';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Service logs of benchmark runs (apart from `npm start`'s .data/logs). */
export const BENCH_LOGS = path.join(ROOT, '.data', 'logs', 'bench');

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StackProcess {
  name: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns `tsx <script> [args]` from `cwd` in its own process group, output appended to the bench log `<name>.log`.
 * BENCH_CHILD_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to node, as for startChild.
 */
function spawnTsx(name: string, cwd: string, args: string[], env: Record<string, string>): ChildProcess {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const out = createWriteStream(path.join(BENCH_LOGS, `${name}.log`), { flags: 'a' });
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...benchChildNodeFlags(), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

/**
 * Starts services at once, each its own process (support/stack-service.main.ts: the service's
 * runMain on the schema `SERVICE_SCHEMA` of its env) on a free port; resolves when every /readyz answers 200.
 */
export async function startServices(envs: Record<string, Record<string, string>>): Promise<Record<string, StackProcess>> {
  const started: ServiceProcess[] = [];
  try {
    for (const [name, { SERVICE_SCHEMA: schema, ...env }] of Object.entries(envs)) {
      const port = await freePort();
      const child = spawnTsx(name, __dirname, ['stack-service.main.ts', name], { ...env, PORT: String(port), SERVICE_NAME: name, BENCH_SERVICE_SCHEMA: schema ?? name });
      started.push({ name, port, child });
    }
    await Promise.all(started.map((s) => waitReady(s.name, s.port, s.child, 180_000)));
  } catch (error) {
    await Promise.all(started.map((s) => stopServiceProcess(s)));
    throw error;
  }
  return Object.fromEntries(started.map((s) => [s.name, { ...s, stop: () => stopServiceProcess(s) }]));
}

/** The dev gateway (gateway/src/main.ts) as its own process, routing to `upstreams`. */
export async function startGatewayProcess(upstreams: Record<string, string>): Promise<StackProcess> {
  const port = await freePort();
  const child = spawnTsx('gateway', path.join(ROOT, 'gateway'), ['src/main.ts'], {
    GATEWAY_PORT: String(port), GATEWAY_UPSTREAMS: Object.entries(upstreams).map(([n, u]) => `${n}=${u}`).join(','),
  });
  const service: ServiceProcess = { name: 'gateway', port, child };
  // The gateway has no /readyz of its own: any answer (404 for an unknown path) means it listens.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode} (see ${BENCH_LOGS}/gateway.log)`);
    if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error('the gateway did not listen within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { name: 'gateway', port, child, stop: () => stopServiceProcess(service, 5_000) };
}

/** The pid and every descendant's (tsx starts the service in a child node process). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process is gone
    }
  }
  return pids;
}

/** CPU time (user + system) the process tree of `pid` has used so far, in ms; 0 for what is gone. */
export function treeCpuMs(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + (processCpu(each)?.cpuMs ?? 0), 0);
}

/** Peak resident set (VmHWM) of one process, in KiB; 0 when it is gone. */
export function vmHwmKiB(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface TreeMemory {
  /** Peak RSS of the biggest process of the tree (the service's node process), MiB. */
  serviceMiB: number;
  /** Sum of the peaks of every process of the tree (with the tsx launcher), MiB. */
  treeMiB: number;
}

/** Peak RSS of a process tree, read before the processes exit (VmHWM dies with them). */
export function treeMemory(pid: number): TreeMemory {
  const peaks = processTree(pid).map(vmHwmKiB);
  return { serviceMiB: Math.round(Math.max(0, ...peaks) / 1024), treeMiB: Math.round(peaks.reduce((a, b) => a + b, 0) / 1024) };
}
