import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit, type JobOutcome } from '@pulse/db';
import { createEvent, type ArticleSummarizedEvent, type EventContract } from '@pulse/contracts';
import { activeTraceHeaders } from '@pulse/event-bus';
import { insertSummaries, type SummaryWrite, type SummaryWriteResult } from '../adapters/db/summary.repository';
import type { SummaryResult } from '../domain/summary.types';
import { summarizedData, summaryRow, usageRecords, type ArticleMeta } from './article-mapping';
import type { Summarizer } from './summarization-pipeline';

export const EVENT_SOURCE = 'pulse/llm';

export interface StoreInput {
  meta: ArticleMeta;
  result: SummaryResult;
  summarizer: Summarizer;
  reason: string;
  contract: EventContract<ArticleSummarizedEvent>;
  pricedModel: string;
  now: Date;
}

/** What insertSummaries writes for `input`: its usage rows, the summary and its announcement in the active trace. */
export function summaryWrite(input: StoreInput, eventId?: string): SummaryWrite {
  const { meta, result } = input;
  const data = summarizedData(result, meta, input.now);
  return {
    eventId,
    usage: usageRecords(result, meta.tenantId, meta.articleId, input.pricedModel),
    summary: summaryRow(data, result, meta, input.summarizer, input.reason),
    announcement: {
      event: createEvent(input.contract, { tenantId: meta.tenantId, source: EVENT_SOURCE, data }),
      traceHeaders: activeTraceHeaders(),
    },
  };
}

/**
 * Writes the usage rows, the summary and its `article.summarized` outbox entry through `manager`
 * (in the caller's transaction when it has one) in one statement: all or nothing. A tenant's
 * second summary of the same article is not stored and not announced again; its usage is still
 * recorded, because it was spent. (The consumer goes through SummaryWriter, which adds the inbox
 * row and writes concurrent summaries together.)
 */
export async function storeSummary(manager: EntityManager, input: StoreInput): Promise<SummaryWriteResult> {
  const [stored] = await insertSummaries(manager, input.contract, [summaryWrite(input)]);
  return stored!;
}

/**
 * The consumer's summaries with their inbox rows: summaries that finish while a write is in flight
 * go together in the next statement (GroupCommit; no wait when idle). A group never holds two
 * writes for the same tenant and article or the same event (they go in consecutive statements, so
 * the second sees the first's rows), and a failed group is written again one by one, so a bad
 * summary fails only its own event.
 */
export class SummaryWriter {
  private readonly writes = new GroupCommit<SummaryWrite, SummaryWriteResult>({
    write: (group, jobs) => this.writeGroup(group, jobs),
    sizeOf: () => 1,
    maxSize: 100,
    splitOnError: true,
  });

  constructor(private readonly dataSource: DataSource, private readonly contract: EventContract<ArticleSummarizedEvent>) {}

  /** Stores the summary of the event `eventId` once for the consumer group `group`. */
  async store(input: StoreInput, once: { group: string; eventId: string }): Promise<SummaryWriteResult> {
    // Built here, not in the group's write: the announcement keeps the trace of the span storing it.
    return this.writes.run(once.group, summaryWrite(input, once.eventId));
  }

  private async writeGroup(group: string, writes: SummaryWrite[]): Promise<Array<JobOutcome<SummaryWriteResult>>> {
    const results: SummaryWriteResult[] = new Array(writes.length);
    for (const round of distinctRounds(writes)) {
      const stored = await insertSummaries(this.dataSource.manager, this.contract, round.map((i) => writes[i]!), group);
      round.forEach((i, k) => { results[i] = stored[k]!; });
    }
    return results.map((value) => ({ ok: true, value }));
  }
}

/** Indexes of `writes` in rounds where no (tenant, article) and no event id repeats, in order. */
function distinctRounds(writes: readonly SummaryWrite[]): number[][] {
  const rounds: Array<{ keys: Set<string>; indexes: number[] }> = [];
  writes.forEach((write, i) => {
    const keys = [`a:${write.summary.tenantId}\u0000${write.summary.articleId}`, `e:${(write.eventId ?? '').toLowerCase()}`];
    let round = rounds.find((r) => keys.every((k) => !r.keys.has(k)));
    if (!round) rounds.push(round = { keys: new Set(), indexes: [] });
    keys.forEach((k) => round.keys.add(k));
    round.indexes.push(i);
  });
  return rounds.map((r) => r.indexes);
}
