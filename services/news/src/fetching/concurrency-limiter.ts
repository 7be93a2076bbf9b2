import pLimit from 'p-limit';

/**
 * Two caps on outbound fetches: at most `global` at once, and at most `perHost` at once to one
 * host (politeness; many feeds live on one server). A task waits for its host slot first, so a
 * busy host does not hold global slots that other hosts could use.
 */
export class ConcurrencyLimiter {
  private readonly global: pLimit.Limit;
  private readonly hosts = new Map<string, pLimit.Limit>();

  constructor(global: number, private readonly perHost: number) {
    this.global = pLimit(global);
  }

  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let limit = this.hosts.get(host);
    if (limit === undefined) {
      limit = pLimit(this.perHost);
      this.hosts.set(host, limit);
    }
    const hostLimit = limit;
    return hostLimit(() => this.global(task)).finally(() => {
      // Idle hosts are dropped so the map does not grow with every host ever seen.
      if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0 && this.hosts.get(host) === hostLimit) this.hosts.delete(host);
    });
  }
}

/** The host a source URL is limited under (the URL itself when it does not parse). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
