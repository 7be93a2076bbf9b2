// The end-to-end half of the news benchmark: the real news service booted in-process on its own
// schema and topic, sources created through its HTTP API, one scheduled fetch cycle over every
// feed, timed from the first feed request until every expected article's outbox row is sent.
import path from 'node:path';
import { Client } from 'pg';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { newsService } from '@pulse/news/src/service';
import { startService } from '@pulse/service-runtime';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { startBundledChild, startChild } from './child-process';
import { deleteTopics } from './stack-cleanup';
import { feedPath, uniqueItems, type CorpusShape } from './feed-corpus';

export interface PipelineOptions {
  shape: CorpusShape;
  tenants: number;
  /** FETCH_CONCURRENCY of the service (its default: DEFAULT_FETCH_CONCURRENCY). */
  fetchConcurrency: number;
  /**
   * --max-old-space-size of the service process. Without one, V8 sizes the heap from the host's
   * memory (4 GiB here) and lets the old generation grow to ~4x the live heap between full GCs,
   * so the peak follows the cycle's length; in a container Node sizes it from the memory limit.
   */
  serviceHeapMiB: number;
}

export interface PipelineResult {
  items: number;
  expectedArticles: number;
  storedArticles: number;
  sentEvents: number;
  seconds: number;
  peakRssMiB: number;
  corpusBytes: number;
  failedSources: number;
  /** RSS when the cycle started (service booted, nothing fetched yet). */
  rssAtStartMiB: number;
  /** Average number of database sessions blocked on an advisory lock, sampled every ~100 ms. */
  averageLockWaiters: number;
  /** CPU time (user + system) of the service process from the first feed request to the last event sent. */
  cpuMs: number;
}

type ServiceChildMessage = { type: 'ready'; port: number } | { type: 'mark'; rssMiB: number } | { type: 'closed'; peakRssMiB: number; cpuMs: number };

type FeedChildMessage = { type: 'ready'; url: string; bytes: number } | { type: 'first-request'; at: number };

/** Runs `task` over `items` with at most `concurrency` at once. */
async function inParallel<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

export async function runNewsPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { shape, tenants } = options;
  const infra = infraEnv();
  const schema = uniqueSchema('benchnews');
  const topic = uniqueName('bench.news.fetched');
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    PORT: '0',
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    LOG_LEVEL: 'error',
    TOPIC_NEWS_FETCHED: topic,
    FEED_ALLOWED_HOSTS: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  });
  const expectedArticles = uniqueItems(shape, tenants);
  const { child: feedServer, ready } = await startChild<FeedChildMessage>(path.join(__dirname, 'feed-server.child.ts'), [JSON.stringify(shape)]);
  const feeds = ready as Extract<FeedChildMessage, { type: 'ready' }>;
  const firstRequest = feedServer.next<Extract<FeedChildMessage, { type: 'first-request' }>>('first-request');
  firstRequest.catch(() => undefined); // awaited below; this only keeps an early exit from being "unhandled"
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    // 1. Sources through the HTTP API, with the fetch worker off so no cycle starts half-way.
    const setup = await startService({ ...newsService, name: schema }, { handleSignals: false, host: '127.0.0.1', env: env({ FETCH_WORKER_ENABLED: 'false' }) });
    try {
      const tokens = await Promise.all(Array.from({ length: tenants }, (_, t) => signer.sign({ sub: `bench-${t}`, tenantId: `bench-tenant-${t}`, scopes: ['news:read', 'news:write'] })));
      await inParallel(Array.from({ length: shape.feeds }, (_, f) => f), 8, async (feed) => {
        const response = await fetch(`http://127.0.0.1:${setup.port}/v1/sources`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[feed % tenants]!}` },
          body: JSON.stringify({ url: `${feeds.url}${feedPath(feed)}`, niche: 'technology', title: `Outlet ${feed}`, authorityWeight: 0.5 }),
        });
        if (response.status !== 201) throw new Error(`creating source ${feed} answered ${response.status}: ${await response.text()}`);
      });
    } finally {
      await setup.stop();
    }

    // 2. The measured run: a replica with the fetch cycle on, every source due, one cycle for all.
    // It runs in a process of its own with the heap ceiling a deployment gives it (see the
    // `serviceHeapMiB` option), so the figures are the service's, not the harness's.
    const service = await startBundledChild<ServiceChildMessage>(path.join(__dirname, 'news-service.child.ts'), [JSON.stringify({
      name: schema,
      env: env({
        FETCH_WORKER_ENABLED: 'true',
        FETCH_CRON: '* * * * * *',
        FETCH_BATCH_SIZE: String(shape.feeds),
        FETCH_CONCURRENCY: String(options.fetchConcurrency),
        // Every feed lives on the one loopback server; the politeness cap would make it a single-host crawl.
        FETCH_PER_HOST_CONCURRENCY: String(options.fetchConcurrency),
      }),
    })], [`--max-old-space-size=${options.serviceHeapMiB}`]);
    let seconds: number;
    let rssAtStartMiB: number;
    let closed: Extract<ServiceChildMessage, { type: 'closed' }> | undefined;
    const lockWaits: number[] = [];
    try {
      const started = (await firstRequest).at;
      const mark = service.child.next<Extract<ServiceChildMessage, { type: 'mark' }>>('mark');
      service.child.send({ type: 'mark' });
      rssAtStartMiB = (await mark).rssMiB;
      await waitUntilSent(db, schema, expectedArticles, lockWaits);
      // The relay's own time for the last event, not when this loop noticed it.
      const lastSent = (await db.query<{ at: Date }>(`SELECT max(sent_at) AS at FROM "${schema}".event_outbox`)).rows[0]!.at;
      seconds = (lastSent.getTime() - started) / 1000;
      // The child stops the service gracefully, reports and disconnects (then exits by itself).
      const done = service.child.next<Extract<ServiceChildMessage, { type: 'closed' }>>('closed');
      service.child.send({ type: 'close' });
      closed = await done;
    } finally {
      if (closed === undefined) await service.child.stop();
    }
    const { peakRssMiB, cpuMs } = closed;
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
    return {
      items: shape.feeds * shape.itemsPerFeed,
      expectedArticles,
      storedArticles: await count(`SELECT count(*) AS n FROM "${schema}".articles`),
      sentEvents: await count(`SELECT count(*) AS n FROM "${schema}".event_outbox WHERE sent_at IS NOT NULL`),
      failedSources: await count(`SELECT count(*) AS n FROM "${schema}".sources WHERE consecutive_failures > 0`),
      seconds,
      peakRssMiB,
      rssAtStartMiB,
      cpuMs,
      averageLockWaiters: lockWaits.length > 0 ? lockWaits.reduce((a, b) => a + b, 0) / lockWaits.length : 0,
      corpusBytes: feeds.bytes,
    };
  } finally {
    await feedServer.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error: unknown) => console.error('dropping the bench schema failed', error));
    await db.end();
    await deleteTopics(infra.kafkaBrokers, [topic, `${topic}.dlq`]);
  }
}

/**
 * Polls the outbox until `expected` rows are sent; gives up (with the sources' errors) when the
 * count has not moved for a minute, and prints progress every 10 s to stderr.
 */
async function waitUntilSent(db: Client, schema: string, expected: number, lockWaits: number[]): Promise<void> {
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
  let last = -1;
  let movedAt = Date.now();
  let reportedAt = Date.now();
  let sent = 0;
  for (;;) {
    // Unsent rows are counted through the relay's partial index (cheap); the full count of sent
    // rows reads the whole outbox, so it runs only when nothing is pending or to report progress.
    // Counting it every 100 ms took ~7% of a PostgreSQL core from the cycle being measured.
    const unsent = await count(`SELECT count(*) AS n FROM "${schema}".event_outbox WHERE sent_at IS NULL`);
    if (unsent === 0 || Date.now() - reportedAt >= 10_000) {
      sent = await count(`SELECT count(*) AS n FROM "${schema}".event_outbox WHERE sent_at IS NOT NULL`);
      if (sent >= expected) return;
    }
    // Sessions blocked on an advisory lock: the ingester's per-tenant lock (other work on the shared
    // database rarely takes one), as evidence of where the cycle waits.
    lockWaits.push(await count(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`));
    if (sent + unsent !== last) { last = sent + unsent; movedAt = Date.now(); }
    if (Date.now() - reportedAt >= 10_000) {
      reportedAt = Date.now();
      console.error(`news: ${sent} / ${expected} events sent`);
    }
    if (Date.now() - movedAt > 60_000) {
      const errors = await db.query<{ last_error: string }>(`SELECT DISTINCT last_error FROM "${schema}".sources WHERE last_error IS NOT NULL LIMIT 5`);
      throw new Error(`news: stuck at ${sent} of ${expected} events sent for a minute; source errors: ${JSON.stringify(errors.rows.map((r) => r.last_error))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

