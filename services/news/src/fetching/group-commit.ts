/**
 * Group commit per key (the tenant): at most one write per key in flight in this process; jobs
 * submitted meanwhile wait and then go together in the next write, up to `maxSize`. So a tenant's
 * concurrent feed fetches share transactions (and one advisory-lock wait) instead of queueing on
 * the lock one by one, each holding a pooled connection while it waits.
 */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<J, R> {
  job: J;
  resolve: (outcome: JobOutcome<R>) => void;
}

export interface GroupCommitOptions<J, R> {
  /** Writes the jobs together; one outcome per job, in order. A throw fails every job of the group. */
  write: (key: string, jobs: J[]) => Promise<Array<JobOutcome<R>>>;
  /** Size of a job (e.g. its items); a group stops growing at `maxSize` (one job always goes). */
  sizeOf: (job: J) => number;
  maxSize: number;
}

export class GroupCommit<J, R> {
  private readonly queues = new Map<string, Array<Waiting<J, R>>>();

  constructor(private readonly options: GroupCommitOptions<J, R>) {}

  submit(key: string, job: J): Promise<JobOutcome<R>> {
    return new Promise((resolve) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ job, resolve });
        return;
      }
      this.queues.set(key, [{ job, resolve }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const group: Array<Waiting<J, R>> = [queue.shift()!];
      let size = this.options.sizeOf(group[0]!.job);
      while (queue.length > 0 && size + this.options.sizeOf(queue[0]!.job) <= this.options.maxSize) {
        const next = queue.shift()!;
        size += this.options.sizeOf(next.job);
        group.push(next);
      }
      let outcomes: Array<JobOutcome<R>>;
      try {
        outcomes = await this.options.write(key, group.map((w) => w.job));
      } catch (error) {
        outcomes = group.map(() => ({ ok: false, error }));
      }
      group.forEach((waiting, i) => waiting.resolve(outcomes[i] ?? { ok: false, error: new Error('group commit: no outcome for a job') }));
    }
    this.queues.delete(key);
  }
}
