import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

/** The services and their local ports (the dev gateway's defaults, gateway/src/local-upstreams.ts). */
export { LOCAL_SERVICE_PORTS } from '@pulse/gateway';

export interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
}

/** Starts one service as a child process (tsx, no build), its output appended to .data/logs/<name>.log. */
export function startServiceProcess(root: string, name: string, port: number, env: NodeJS.ProcessEnv, logs: string): ServiceProcess {
  const out = createWriteStream(path.join(logs, `${name}.log`), { flags: 'a' });
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: path.join(root, 'services', name),
    env: { ...process.env, ...env, PORT: String(port), SERVICE_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches the orchestrator, which stops services in order.
    detached: true,
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { name, port, child };
}

/** Polls /readyz until it answers 200 or the deadline passes. */
export async function waitReady(name: string, port: number, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} (see .data/logs/${name}.log)`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs / 1000}s (see .data/logs/${name}.log)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM (graceful shutdown in the service), SIGKILL after a deadline. */
export function stopServiceProcess(service: ServiceProcess, graceMs = 20_000): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
