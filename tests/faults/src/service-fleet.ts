import { stopServiceProcess, waitReady, type ServiceProcess } from '@pulse/local-run/src/services';
import { SERVICE_NAMES, type ServiceName } from '@pulse/e2e';
import { waitFor } from '@pulse/testing';
import { portOpen } from './fault-infra';
import { startBundle } from './service-bundles';

/**
 * The five services as separate processes (each from its esbuild bundle, as the image runs it),
 * each on a port that stays the same across restarts, so one can be `kill -9`ed and started again
 * with its environment.
 */
export class ServiceFleet {
  private readonly running = new Map<ServiceName, ServiceProcess>();

  constructor(
    private readonly root: string,
    private readonly logsDir: string,
    readonly ports: Record<ServiceName, number>,
    private readonly envs: Record<ServiceName, Record<string, string>>,
    /** Each service's bundle (bundleServices). */
    private readonly bundles: Record<ServiceName, string>,
  ) {}

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  /** Starts all five at once and waits until every /readyz answers 200. */
  async startAll(): Promise<void> {
    await Promise.all(SERVICE_NAMES.map((name) => this.start(name)));
  }

  /** Starts one service from its bundle; resolves with the seconds until its /readyz answered 200. */
  async start(name: ServiceName): Promise<number> {
    const started = Date.now();
    const child = startBundle(this.root, name, this.bundles[name], this.ports[name], this.envs[name], this.logsDir);
    this.running.set(name, { name, port: this.ports[name], child });
    await waitReady(name, this.ports[name], child, 240_000);
    return Math.round((Date.now() - started) / 1000);
  }

  /**
   * SIGKILL to the service's whole process group (whatever the service spawned dies with it):
   * no shutdown hook runs, in-flight work is cut wherever it is.
   */
  async kill9(name: ServiceName): Promise<void> {
    const service = this.running.get(name);
    if (!service) return;
    const { child } = service;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    this.running.delete(name);
    // The port closing shows that nothing of the service is left listening.
    await waitFor(async () => !(await portOpen(this.ports[name])), { timeoutMs: 10_000, what: `${name}'s port to close after kill -9` });
  }

  /** /readyz of every running service (false when one does not answer 200). */
  async allReady(): Promise<boolean> {
    const answers = await Promise.all(SERVICE_NAMES.map(async (name) => {
      const response = await fetch(`${this.url(name)}/readyz`).catch(() => undefined);
      return response?.ok === true;
    }));
    return answers.every(Boolean);
  }

  /** Graceful stop of everything (SIGTERM, then SIGKILL of the group after the grace period). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map(async (service) => {
      await stopServiceProcess(service, 20_000);
      try { process.kill(-service.child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }));
    this.running.clear();
  }
}
