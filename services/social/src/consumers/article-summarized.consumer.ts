import type { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { contracts, withTopic, type ArticleSummarizedEvent } from '@pulse/contracts';
import { activeTraceHeaders, createConsumer, headerString, type BatchItem, type EventConsumer } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import type { PostEntity } from '../adapters/db';
import type { PostPlannerDeps, SummaryToPlan } from '../publishing/plan-article-posts';
import { SummaryPlanning } from '../publishing/summary-planning';

export interface ArticleSummarizedConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  registry: Registry;
  topic: string;
  groupId: string;
  planner: PostPlannerDeps;
  /** Partitions handled at once; within a partition events stay in order. */
  concurrency?: number;
  /** Consumer group session timeout and heartbeat interval (ms; the bus's defaults when absent). */
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /** Most summaries of one partition planned in one transaction. */
  maxBatchSize?: number;
  /** Called with the posts due now once they have committed (the dispatcher claims them at once). */
  onDuePosts?: (postIds: string[]) => void;
}

const TRACE_HEADERS = ['traceparent', 'tracestate'];

/**
 * `article.summarized` -> posts for every subscribed channel. The bus hands over the events of a
 * partition's fetch in chunks; each chunk is planned in one transaction together with its inbox
 * rows (SummaryPlanning; chunks of other partitions arriving meanwhile share the next one), so a
 * redelivered summary plans nothing new and a failed chunk leaves nothing behind (the bus then
 * retries its events one by one, dead-lettering a poison one alone).
 */
export function articleSummarizedConsumer(options: ArticleSummarizedConsumerOptions): EventConsumer {
  const { kafka, dataSource, logger, registry, planner } = options;
  const planning = new SummaryPlanning({ dataSource, planner });
  return createConsumer<ArticleSummarizedEvent>({
    kafka,
    groupId: options.groupId,
    contract: withTopic(contracts.articleSummarized, options.topic),
    logger,
    registry,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    sessionTimeout: options.sessionTimeout,
    heartbeatInterval: options.heartbeatInterval,
    ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    handleBatch: async (items) => {
      if (items.length === 0) return;
      const planned = await planning.plan(items[0]!.delivery.groupId, summariesOf(items));
      if (planned === undefined) return;
      const posts = [...planned.values()].flat();
      // One line per chunk, not per summary: at hundreds of posts a second the log is the cost.
      logger.debug('summaries planned', { summaries: planned.size, posts: posts.length });
      // After the commit, so the dispatcher can claim them.
      const due = duePostIds(posts, Date.now());
      if (due.length > 0) options.onDuePosts?.(due);
    },
  });
}

/**
 * The chunk's summaries with the traces their posts continue, taken here: a merged planning
 * transaction runs in another chunk's context. A lone event (the bus's one-by-one fallback) runs
 * inside its consumer span; a chunk does not, so its posts continue the trace the summary's
 * producer sent along in the Kafka headers.
 */
function summariesOf(items: readonly BatchItem<ArticleSummarizedEvent>[]): SummaryToPlan[] {
  const active = items.length === 1 ? activeTraceHeaders() : {};
  return items.map((item) => ({ event: item.event, traceHeaders: Object.keys(active).length > 0 ? active : traceHeadersOf(item) }));
}

function traceHeadersOf(item: BatchItem<ArticleSummarizedEvent>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headerString(item.delivery.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

function duePostIds(posts: readonly PostEntity[], now: number): string[] {
  return posts.filter((p) => p.status === 'scheduled' && p.nextAttemptAt !== null && p.nextAttemptAt.getTime() <= now).map((p) => p.id);
}
