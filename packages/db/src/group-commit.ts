/**
 * Group commit per key: at most one write per key in flight in this process; jobs submitted
 * meanwhile wait and then go together in the next write, up to `maxSize`. No timer: an idle key
 * writes a job at once, a busy one batches what arrived during its write. Users: news (per tenant,
 * its concurrent feed fetches share transactions and one advisory-lock wait), llm (summaries with
 * their inbox and outbox rows) and social (published posts), each a statement for many jobs
 * instead of round trips per job.
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
  /**
   * A group whose write throws is written again job by job, so a bad job fails only itself
   * (default: every job of the group gets the error).
   */
  splitOnError?: boolean;
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

  /** submit, resolving with the job's value or rejecting with its error. */
  async run(key: string, job: J): Promise<R> {
    const outcome = await this.submit(key, job);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
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
      const outcomes = await this.writeGroup(key, group.map((w) => w.job));
      group.forEach((waiting, i) => waiting.resolve(outcomes[i] ?? { ok: false, error: new Error('group commit: no outcome for a job') }));
    }
    this.queues.delete(key);
  }

  private async writeGroup(key: string, jobs: J[]): Promise<Array<JobOutcome<R>>> {
    try {
      return await this.options.write(key, jobs);
    } catch (error) {
      if (!this.options.splitOnError || jobs.length === 1) return jobs.map(() => ({ ok: false, error }));
      const outcomes: Array<JobOutcome<R>> = [];
      for (const job of jobs) outcomes.push(...(await this.writeGroup(key, [job])));
      return outcomes;
    }
  }
}
