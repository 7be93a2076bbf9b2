/** Samples the process's resident set size every `intervalMs` and keeps the highest. */
export class PeakRss {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** The highest RSS seen so far, in MiB. */
  mib(): number {
    this.sample();
    return Math.round(this.peak / 2 ** 20);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.mib();
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
}
