// The social benchmark's run: the real social service in a child process (own schema and topics),
// a fake Mastodon in another, one auto-publishing channel per tenant created through the API;
// `article.summarized` events produced to the service's input topic and `post.published`
// consumed from its output topic, timed from the first send until every post was announced.
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { contracts, createEvent, sampleEvents, type ArticleSummarizedEvent, type PostPublishedEvent } from '@pulse/contracts';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { CHART_HEAP_MIB } from './chart-heap';
import { startBundledChild, startChild, type Child } from './child-process';
import { deleteTopics } from './stack-cleanup';

export interface SocialPipelineOptions {
  /** Posts measured (one article.summarized each). */
  posts: number;
  /** Tenants, each with one Mastodon channel; articles are spread evenly over them. */
  tenants: number;
  partitions: number;
  /** Extra service environment (DISPATCH_CONCURRENCY, ...). */
  serviceEnv: Record<string, string>;
}

export interface SocialPipelineResult {
  seconds: number;
  postsPerSecond: number;
  peakRssMiB: number;
  serviceCpuMsPerPost: number;
  fakeCpuMsPerPost: number;
  /** Database round trips of the service per measured post (BEGIN/COMMIT included). */
  serviceQueriesPerPost: number;
  /** Statuses the fake stored and POSTs it received for the measured articles (plus warm-up). */
  statuses: number;
  statusPosts: number;
  publishedEvents: number;
  warmUpPosts: number;
  /** p50/p95 of article.summarized time -> post.published publishedAt, ms. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  serviceEnv: Record<string, string>;
}

type MastodonMessage = { type: 'ready'; url: string; token: string } | { type: 'stats'; statuses: number; statusPosts: number; cpuMs: number };
type ServiceMessage = { type: 'ready'; port: number } | { type: 'rss-reset-done' } | { type: 'closed'; peakRssMiB: number; cpuMs: number; queries: number };

const SEND_BATCH = 250;

export async function runSocialPipeline(options: SocialPipelineOptions): Promise<SocialPipelineResult> {
  const infra = infraEnv();
  const schema = uniqueSchema('benchsocial');
  const inTopic = uniqueName('bench.article.summarized');
  const outTopic = uniqueName('bench.post.published');
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const serviceEnv: Record<string, string> = {
    // Throughput settings a busy deployment would use; everything else at its default.
    DISPATCH_CRON: '* * * * * *',
    DISPATCH_BATCH_SIZE: '200',
    DISPATCH_CONCURRENCY: '32',
    CONSUMER_CONCURRENCY: String(options.partitions),
    // Planning partitions and sends in flight each hold a connection at times.
    DATABASE_POOL_SIZE: '20',
    ENGAGEMENT_ENABLED: 'false',
    ...options.serviceEnv,
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: '0',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    // Two log lines per post at info; a real deployment ships them, here they would flood the terminal.
    LOG_LEVEL: 'warn',
    CREDENTIALS_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    TOPIC_ARTICLE_SUMMARIZED: inTopic,
    TOPIC_POST_PUBLISHED: outTopic,
    TOPIC_PARTITIONS: String(options.partitions),
    CONSUMER_GROUP_ARTICLE_SUMMARIZED: uniqueName('bench-social'),
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...serviceEnv,
  };

  const { child: mastodon, ready: mastodonReady } = await startChild<MastodonMessage>(path.join(__dirname, 'social-mastodon.child.ts'), [uniqueName('token')]);
  const fake = mastodonReady as Extract<MastodonMessage, { type: 'ready' }>;
  let service: Child<ServiceMessage> | undefined;
  const kafka = new Kafka({ brokers: infra.kafkaBrokers, clientId: uniqueName('bench-social'), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let consumer: Consumer | undefined;
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    const started = await startBundledChild<ServiceMessage>(path.join(__dirname, 'social-service.child.ts'), [JSON.stringify({ name: schema, env })], [`--max-old-space-size=${CHART_HEAP_MIB}`]);
    service = started.child;
    const { port } = started.ready as Extract<ServiceMessage, { type: 'ready' }>;

    const tenants = Array.from({ length: options.tenants }, (_, t) => `bench-social-${t}-${randomUUID().slice(0, 8)}`);
    for (const tenantId of tenants) {
      const token = await signer.sign({ sub: `bench-${tenantId}`, tenantId, scopes: ['channels:write'] });
      const response = await fetch(`http://127.0.0.1:${port}/v1/channels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          platform: 'mastodon', name: 'bench', niches: ['technology'], autoPublish: true, maxPostsPerHour: 1000,
          credentials: { accessToken: fake.token, instanceUrl: fake.url },
        }),
      });
      if (response.status !== 201) throw new Error(`creating a channel answered ${response.status}: ${await response.text()}`);
    }

    const seen = new Map<string, PostPublishedEvent>();
    let onProgress: (() => void) | undefined;
    consumer = kafka.consumer({ groupId: uniqueName('bench-social-out'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: outTopic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as PostPublishedEvent;
          seen.set(event.data.postId, event);
        }
        onProgress?.();
      },
    });
    await producer.connect();

    const summaries = (count: number, label: string) => Array.from({ length: count }, (_, i) => summary(tenants[i % tenants.length]!, `${label}-${i}`));
    const send = async (events: ArticleSummarizedEvent[]) => {
      for (let i = 0; i < events.length; i += SEND_BATCH) {
        await producer.send({ topic: inTopic, messages: events.slice(i, i + SEND_BATCH).map((e) => ({ key: e.data.articleId, value: JSON.stringify(e) })) });
      }
    };
    const until = (count: number, what: string) => new Promise<void>((resolve, reject) => {
      let last = seen.size;
      let movedAt = Date.now();
      const timer = setInterval(() => {
        if (seen.size !== last) { last = seen.size; movedAt = Date.now(); }
        if (Date.now() - movedAt > 60_000) { clearInterval(timer); reject(new Error(`social: stuck at ${seen.size} of ${count} ${what} for a minute`)); }
      }, 1_000);
      onProgress = () => { if (seen.size >= count) { clearInterval(timer); onProgress = undefined; resolve(); } };
      onProgress();
    });

    // Warm-up: one post per tenant (connections, JIT, experiments created), not measured.
    const warmUp = summaries(options.tenants, 'warm-up');
    await send(warmUp);
    await until(warmUp.length, 'warm-up posts');
    service.send({ type: 'rss-reset' });
    await service.next('rss-reset-done');

    const measured = summaries(options.posts, 'post');
    const sentAt = new Map(measured.map((e) => [e.data.articleId, 0]));
    const startedAt = Date.now();
    for (let i = 0; i < measured.length; i += SEND_BATCH) {
      const slice = measured.slice(i, i + SEND_BATCH);
      const at = Date.now();
      for (const e of slice) sentAt.set(e.data.articleId, at);
      await send(slice);
    }
    await until(warmUp.length + measured.length, 'posts');
    const seconds = (Date.now() - startedAt) / 1000;

    const latencies = [...seen.values()]
      .filter((e) => sentAt.has(e.data.articleId))
      .map((e) => Date.parse(e.data.publishedAt) - sentAt.get(e.data.articleId)!)
      .sort((a, b) => a - b);
    const closed = service.next<Extract<ServiceMessage, { type: 'closed' }>>('closed');
    await service.stop();
    const { peakRssMiB, cpuMs, queries } = await closed;
    service = undefined;
    mastodon.send({ type: 'stats' });
    const stats = await mastodon.next<Extract<MastodonMessage, { type: 'stats' }>>('stats');
    const doubles = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".posts WHERE status <> 'published'`);
    if (Number(doubles.rows[0]!.n) !== 0) throw new Error(`social: ${doubles.rows[0]!.n} posts are not published`);
    return {
      seconds,
      postsPerSecond: measured.length / seconds,
      peakRssMiB,
      serviceCpuMsPerPost: cpuMs / measured.length,
      serviceQueriesPerPost: queries / measured.length,
      fakeCpuMsPerPost: stats.cpuMs / (measured.length + warmUp.length),
      statuses: stats.statuses,
      statusPosts: stats.statusPosts,
      publishedEvents: seen.size,
      warmUpPosts: warmUp.length,
      latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
      latencyP95Ms: latencies[Math.floor(latencies.length * 0.95)] ?? 0,
      serviceEnv,
    };
  } finally {
    await service?.stop();
    await consumer?.disconnect();
    await producer.disconnect();
    await mastodon.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error: unknown) => console.error('dropping the bench schema failed', error));
    await db.end();
    await deleteTopics(infra.kafkaBrokers, [inTopic, `${inTopic}.dlq`, outTopic, `${outTopic}.dlq`]);
  }
}

/** An article.summarized event like llm's (four variants, keywords), for a fresh article. */
function summary(tenantId: string, label: string): ArticleSummarizedEvent {
  const sample = sampleEvents.articleSummarized.data;
  const now = new Date().toISOString();
  return createEvent(contracts.articleSummarized, {
    tenantId,
    source: 'pulse/llm',
    data: {
      ...sample,
      articleId: randomUUID(),
      url: `https://news.example.com/2026/${label}`,
      summary: `${sample.summary} (${label})`,
      variants: Object.fromEntries(Object.entries(sample.variants).map(([kind, text]) => [kind, `${text} (${label})`])),
      fetchedAt: now,
      summarizedAt: now,
    },
  });
}

