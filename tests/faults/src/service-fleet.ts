import { startServiceProcess, stopServiceProcess, waitReady, type ServiceProcess } from '@pulse/local-run/src/services';
import { SERVICE_NAMES, type ServiceName } from '@pulse/e2e';
import { waitFor } from '@pulse/testing';
import { portOpen } from './fault-infra';

/**
 * The five services as separate processes (tsx, as `npm start` runs them), each on a port that
 * stays the same across restarts, so one can be `kill -9`ed and started again with its environment.
 */
export class ServiceFleet {
  private readonly running = new Map<ServiceName, ServiceProcess>();

  constructor(
    private readonly root: string,
    private readonly logsDir: string,
    readonly ports: Record<ServiceName, number>,
    private readonly envs: Record<ServiceName, Record<string, string>>,
  ) {}

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  /** Starts all five at once and waits until every /readyz answers 200. */
  async startAll(): Promise<void> {
    await Promise.all(SERVICE_NAMES.map((name) => this.start(name)));
  }

  async start(name: ServiceName): Promise<void> {
    const service = startServiceProcess(this.root, name, this.ports[name], this.envs[name], this.logsDir);
    this.running.set(name, service);
    await waitReady(name, this.ports[name], service.child, 240_000);
  }

  /**
   * SIGKILL to the service's whole process group (tsx runs the service in a child node process):
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
    // The group's other members (the node child) die with it; the port closing shows they did.
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
