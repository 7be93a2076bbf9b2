import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@pulse/testing';

const run = promisify(execFile);

/** One toxic as toxiproxy's REST API takes it (https://github.com/Shopify/toxiproxy#toxics). */
export interface Toxic {
  name: string;
  type: 'latency' | 'reset_peer' | 'timeout' | 'bandwidth' | 'slow_close' | 'limit_data';
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes: Record<string, number>;
}

/**
 * toxiproxy-server (built from the Go module proxy by `scripts/tools.sh toxiproxy`) as a child
 * process, driven over its REST API: TCP proxies in front of PostgreSQL and Redis whose traffic
 * gets latency or connection resets on demand.
 */
export class Toxiproxy {
  private constructor(private readonly child: ChildProcess, readonly apiUrl: string) {}

  static async start(root: string, apiPort: number, logsDir: string): Promise<Toxiproxy> {
    const { stdout } = await run('bash', [path.join(root, 'scripts', 'tools.sh'), 'toxiproxy'], { timeout: 600_000 });
    const binary = path.join(stdout.trim(), 'bin', 'toxiproxy-server');
    const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(apiPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(path.join(logsDir, 'toxiproxy.log'), { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const proxy = new Toxiproxy(child, `http://127.0.0.1:${apiPort}`);
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`toxiproxy-server exited with ${child.exitCode} (see ${logsDir}/toxiproxy.log)`);
      return (await fetch(`${proxy.apiUrl}/version`).catch(() => undefined))?.ok;
    }, { timeoutMs: 30_000, intervalMs: 100, what: 'toxiproxy-server to answer' });
    return proxy;
  }

  /** A proxy listening on `listenPort` in front of `upstreamPort` (both loopback). */
  async createProxy(name: string, listenPort: number, upstreamPort: number): Promise<void> {
    await this.call('POST', '/proxies', { name, listen: `127.0.0.1:${listenPort}`, upstream: `127.0.0.1:${upstreamPort}`, enabled: true });
  }

  async addToxic(proxy: string, toxic: Toxic): Promise<void> {
    await this.call('POST', `/proxies/${proxy}/toxics`, { stream: 'downstream', toxicity: 1, ...toxic });
  }

  async removeToxic(proxy: string, toxic: string): Promise<void> {
    await this.call('DELETE', `/proxies/${proxy}/toxics/${toxic}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }

  private async call(method: string, route: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.apiUrl}${route}`, {
      method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`toxiproxy ${method} ${route}: ${response.status} ${await response.text()}`);
  }
}
