import type { DataSource } from 'typeorm';
import { GroupCommit, type JobOutcome } from '@pulse/db';
import { inbox } from '@pulse/event-bus';
import type { PostEntity } from '../adapters/db';
import { planSummaries, type PostPlannerDeps, type SummaryToPlan } from './plan-article-posts';

/** The posts planned per event id of a chunk; undefined when none of its events was new. */
export type PlannedChunk = Map<string, PostEntity[]> | undefined;

// Bounds one planning transaction (its statements' arrays, its lock time) when chunks merge.
const DEFAULT_MAX_SUMMARIES = 1_000;

/**
 * Plans chunks of summaries, each together with its inbox rows, so a redelivered summary plans
 * nothing new and a failed chunk leaves nothing behind.
 *
 * Chunks submitted while a planning transaction is in flight (the consumer's other partitions) are
 * planned together in the next one (GroupCommit, per consumer group). Planning locks the subscribed
 * channels' rows for the whole transaction, so the hourly rate holds across replicas; chunks about
 * the same channels would wait for each other in PostgreSQL anyway, and waiting here instead turns
 * N transactions of about seven round trips each into one (the batch's slots and variant counts are
 * tracked in memory across all of its chunks). If a merged transaction fails, each chunk is planned
 * alone, so one bad chunk fails only itself.
 */
export class SummaryPlanning {
  private readonly commits: GroupCommit<SummaryToPlan[], PlannedChunk>;

  constructor(private readonly deps: { dataSource: DataSource; planner: PostPlannerDeps; maxSummaries?: number }) {
    this.commits = new GroupCommit({
      write: (group, chunks) => this.planTogether(group, chunks),
      sizeOf: (chunk) => chunk.length,
      maxSize: deps.maxSummaries ?? DEFAULT_MAX_SUMMARIES,
      splitOnError: true,
    });
  }

  /** Plans a chunk of `group`'s summaries; resolves once its transaction committed. */
  plan(group: string, chunk: SummaryToPlan[]): Promise<PlannedChunk> {
    return this.commits.run(group, chunk);
  }

  private async planTogether(group: string, chunks: SummaryToPlan[][]): Promise<Array<JobOutcome<PlannedChunk>>> {
    const summaries = chunks.flat();
    const outcome = await this.deps.dataSource.transaction((manager) =>
      inbox.runItemsOnce(manager, group, summaries, (s) => s.event.id, (m, fresh) => planSummaries(m, fresh, this.deps.planner)));
    const planned = outcome.result;
    return chunks.map((chunk) => ({ ok: true, value: planned && takePostsOf(chunk, planned) }));
  }
}

/** A chunk's share of the planned posts (an event in two chunks belongs to the first). */
function takePostsOf(chunk: readonly SummaryToPlan[], planned: Map<string, PostEntity[]>): PlannedChunk {
  const mine = new Map<string, PostEntity[]>();
  for (const { event } of chunk) {
    const posts = planned.get(event.id);
    if (posts === undefined) continue;
    mine.set(event.id, posts);
    planned.delete(event.id);
  }
  return mine.size > 0 ? mine : undefined;
}
