// The analytics half of the notify benchmark: N valid events of the three pipeline topics are
// produced first to unique topics; then the real analytics service (in this process, own schema
// and groups) starts its consumers, and the run ends when event_facts holds N rows.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { analyticsService } from '@pulse/analytics/src/service';
import { generateKeyPair } from '@pulse/auth';
import { sampleEvents, type ArticleSummarizedEvent, type NewsFetchedEvent, type PostPublishedEvent } from '@pulse/contracts';
import { startService } from '@pulse/service-runtime';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { startProfile, watchIngest } from './analytics-ingest-probes';
import { createTopics, waitUntil } from './notify-support';
import { deleteTopics } from './stack-cleanup';
import { cpuMs } from './cpu';

export interface AnalyticsIngestOptions {
  events: number;
  partitions: number;
}

export interface AnalyticsIngestResult {
  facts: number;
  /** From the start of the service (consumers joining included) to the last fact. */
  wallSeconds: number;
  /** First to last fact's ingested_at (the consumers working). */
  ingestSeconds: number;
  eventsPerSecond: number;
  wallEventsPerSecond: number;
  /** CPU time of this process (which runs the service, otherwise only polling) per event. */
  cpuMsPerEvent: number;
  /** The same from the first statement that writes event_facts to the last fact (boot, migrations and group joins left out). */
  ingestCpuMsPerEvent: number;
  /** SQL statements the service sent to PostgreSQL in that window, per event. */
  statementsPerEvent: number;
  /** CPU of the service's PostgreSQL backends in that window, per event (undefined if not measurable). */
  postgresCpuMsPerEvent: number | undefined;
}

export async function runAnalyticsIngest({ events, partitions }: AnalyticsIngestOptions): Promise<AnalyticsIngestResult> {
  const infra = infraEnv();
  const schema = uniqueSchema('benchanalytics');
  const runId = uniqueName('bench-analytics');
  const topics = {
    fetched: uniqueName('bench-analytics-news.fetched'),
    summarized: uniqueName('bench-analytics-article.summarized'),
    published: uniqueName('bench-analytics-post.published'),
  };
  const kafka = new Kafka({ brokers: infra.kafkaBrokers, clientId: runId, logLevel: logLevel.NOTHING });
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    // 1. N events, a third per topic, each a fresh article (and post), produced before the service starts.
    await createTopics(infra.kafkaBrokers, Object.values(topics), partitions);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const tenants = 10;
    for (let from = 0; from < events; from += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, events - from) }, (_, i) => sampleEvent(from + i, `${runId}-tenant-${(from + i) % tenants}`));
      await producer.sendBatch({
        topicMessages: (['fetched', 'summarized', 'published'] as const).map((kind, k) => ({
          topic: topics[kind],
          messages: batch.filter((_, i) => (from + i) % 3 === k).map((event) => ({ key: event.data.articleId, value: JSON.stringify(event) })),
        })),
      });
    }
    await producer.disconnect();

    // 2. The service consumes them all.
    const ingest = watchIngest(db);
    const stopProfile = await startProfile();
    const started = Date.now();
    const cpuAt = process.cpuUsage();
    const service = await startService({ ...analyticsService, name: schema }, {
      handleSignals: false,
      host: '127.0.0.1',
      env: {
        PORT: '0',
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        JWT_PUBLIC_KEY: generateKeyPair().publicKeyPem,
        LOG_LEVEL: 'error',
        TOPIC_NEWS_FETCHED: topics.fetched,
        TOPIC_ARTICLE_SUMMARIZED: topics.summarized,
        TOPIC_POST_PUBLISHED: topics.published,
        CONSUME_POST_ENGAGEMENT: 'false', // the bench produces none; the shared post.engagement topic is not its own
        TOPIC_PARTITIONS: String(partitions),
        CONSUMER_GROUP_PREFIX: runId,
      },
    });
    const count = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".event_facts`)).rows[0]!.n);
    let facts = 0;
    let ingestCpu: NodeJS.CpuUsage | undefined;
    let ingestStatements: number;
    let postgresCpuMs: number | undefined;
    let cpuBeforeStop: NodeJS.CpuUsage;
    try {
      await waitUntil(async () => (facts = await count()) >= events, 'every event to become a fact', { stallMs: 60_000, progress: () => facts, intervalMs: 250 }); // count(*) is not free: poll gently
    } finally {
      ingestCpu = ingest.cpuSinceFirstFact();
      cpuBeforeStop = process.cpuUsage(cpuAt);
      ingestStatements = ingest.statements();
      if (process.env.BENCH_ANALYTICS_STATEMENTS) for (const [kind, n] of ingest.statementKinds()) console.error(`  ${String(n).padStart(6)} ${kind}`);
      postgresCpuMs = await ingest.postgresCpuMs(db, `pulse-${schema}`).catch(() => undefined);
      await service.stop();
      ingest.restore();
      await stopProfile?.();
    }
    const wallSeconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAt);
    const span = await db.query<{ seconds: string }>(`SELECT extract(epoch FROM max(ingested_at) - min(ingested_at)) AS seconds FROM "${schema}".event_facts`);
    const ingestSeconds = Number(span.rows[0]!.seconds);
    const ms = (usage: NodeJS.CpuUsage | undefined) => (usage ? cpuMs(usage) : Number.NaN);
    const ingestCpuMsPerEvent = ms(ingestCpu) / events;
    const postgresCpuMsPerEvent = postgresCpuMs === undefined ? undefined : postgresCpuMs / events;
    console.error(
      `notify analytics: from the first event_facts write to the last fact: service ${ingestCpuMsPerEvent.toFixed(3)} cpu ms/event, ` +
        `its PostgreSQL backends ${postgresCpuMsPerEvent?.toFixed(3) ?? 'n/a'} cpu ms/event, ${ingestStatements} statements (${(ingestStatements / events).toFixed(4)} per event); ` +
        `service cpu ms: boot to first fact ${Math.round(ms(cpuBeforeStop) - ms(ingestCpu))}, ingest ${Math.round(ms(ingestCpu))}, stop ${Math.round(ms(cpu) - ms(cpuBeforeStop))}`,
    );
    return {
      facts,
      wallSeconds,
      ingestSeconds,
      eventsPerSecond: events / ingestSeconds,
      wallEventsPerSecond: events / wallSeconds,
      cpuMsPerEvent: ms(cpu) / events,
      ingestCpuMsPerEvent,
      statementsPerEvent: ingestStatements / events,
      postgresCpuMsPerEvent,
    };
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error: unknown) => console.error('dropping the bench schema failed', error));
    await db.end();
    const all = Object.values(topics);
    await deleteTopics(infra.kafkaBrokers, [...all, ...all.map((t) => `${t}.dlq`)]);
  }
}

type ArticleEvent = NewsFetchedEvent | ArticleSummarizedEvent | PostPublishedEvent;

/** Event `index` of the run: news.fetched, article.summarized, post.published in turn, each with fresh ids. */
function sampleEvent(index: number, tenantId: string): ArticleEvent {
  const time = new Date().toISOString();
  const articleId = randomUUID();
  switch (index % 3) {
    case 0:
      return { ...sampleEvents.newsFetched, id: randomUUID(), tenantId, time, data: { ...sampleEvents.newsFetched.data, articleId, sourceId: randomUUID(), fetchedAt: time } };
    case 1:
      return { ...sampleEvents.articleSummarized, id: randomUUID(), tenantId, time, data: { ...sampleEvents.articleSummarized.data, articleId, fetchedAt: time, summarizedAt: time } };
    default:
      return {
        ...sampleEvents.postPublished,
        id: randomUUID(),
        tenantId,
        time,
        data: { ...sampleEvents.postPublished.data, articleId, postId: randomUUID(), fetchedAt: time, summarizedAt: time, publishedAt: time },
      };
  }
}
