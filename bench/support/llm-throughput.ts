// The two measurements of the llm benchmark: the extractive summarizer on one core, and the real
// AnthropicSummarizer + ResilientCaller against the local fake Messages API with its latency.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { generateKeyPair } from '@pulse/auth';
import { contracts, createEvent } from '@pulse/contracts';
import { AnthropicSummarizer, createAnthropicClient, DEFAULT_RESILIENCE, ResilientCaller } from '@pulse/llm/src/adapters/anthropic';
import { summarizeExtractively, type ArticleInput, type NicheProfile, type SummaryResult } from '@pulse/llm/src/domain';
import { llmService } from '@pulse/llm/src/service';
import { startService } from '@pulse/service-runtime';
import { infraEnv, uniqueName, uniqueSchema, waitFor } from '@pulse/testing';
import { startChild, type Child } from './child-process';
import { deleteTopics } from './stack-cleanup';
import { cpuMsSince } from './cpu';

export const MODEL = 'claude-sonnet-4-5';

export function nicheOf(article: ArticleInput): NicheProfile {
  return { name: article.niche, audience: `readers who follow ${article.niche} news`, summaryWords: 60 };
}

/** Extractive summaries per second, looping over `articles` for at least `minSeconds` after a warm-up pass. */
export function extractiveRate(articles: ArticleInput[], minSeconds = 5): { perSecond: number; summaries: number } {
  for (const article of articles) summarizeExtractively(article, nicheOf(article));
  let summaries = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  do {
    for (const article of articles) summarizeExtractively(article, nicheOf(article));
    summaries += articles.length;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } while (seconds < minSeconds);
  return { perSecond: summaries / seconds, summaries };
}

export interface ApiRun {
  mode: 'combined' | 'staged';
  perSecond: number;
  seconds: number;
  articles: number;
  apiCalls: number;
  /** Stages that fell back to the extractive summarizer (should be 0 against a healthy API). */
  fallbacks: number;
  /** Most Messages API requests the fake saw in flight at once. */
  maxInFlight: number;
  /** Median time the fake took to answer a call (its latency plus building the reply). */
  medianCallMs: number;
  /** Median HTTP call time as the client saw it (the fake's time plus its queueing and transit). */
  medianClientCallMs: number;
  eventLoopDelayP50Ms: number;
  /** 99th percentile event-loop delay of this process during the run (is the client itself blocked?). */
  eventLoopDelayP99Ms: number;
  /** CPU time of this process (SDK, prompts, parsing, verification) per summary. */
  cpuMsPerArticle: number;
  /** CPU time of the fake API's process per call. */
  fakeCpuMsPerCall: number;
}

/** Runs `articles` through `summarizer` with `concurrency` articles in flight; resolves with the results. */
async function summarizeAll(summarizer: AnthropicSummarizer, articles: ArticleInput[], concurrency: number): Promise<SummaryResult[]> {
  const queue = articles.map((article, index) => ({ article, index }));
  const results: SummaryResult[] = new Array(articles.length);
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      results[next.index] = await summarizer.summarizeArticle(next.article, nicheOf(next.article));
    }
  }));
  return results;
}

function maxOverlap(spans: Array<{ at: number; doneAt: number }>): number {
  const edges = spans.flatMap((s) => [{ t: s.at, d: 1 }, { t: s.doneAt, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let current = 0;
  let max = 0;
  for (const edge of edges) {
    current += edge.d;
    max = Math.max(max, current);
  }
  return max;
}

type FakeMessage =
  | { type: 'ready'; url: string }
  | { type: 'reset-done' }
  | { type: 'stats'; spans: Array<{ at: number; doneAt: number; status: number }>; cpuMs: number };

/** Summaries per second against the fake API with `latencyMs`, `concurrency` calls (and articles) in flight. */
export async function apiRate(mode: ApiRun['mode'], articles: ArticleInput[], warmUp: ArticleInput[], options: { latencyMs: number; concurrency: number }): Promise<ApiRun> {
  const { child: fake, ready } = await startChild<FakeMessage>(path.join(__dirname, 'fake-anthropic.child.ts'), [String(options.latencyMs)]);
  // Times every HTTP call as the client sees it, to tell the fake's queueing from our own.
  const clientCallMs: number[] = [];
  const timedFetch: typeof fetch = async (input, init) => {
    const started = Date.now();
    try {
      return await fetch(input, init);
    } finally {
      clientCallMs.push(Date.now() - started);
    }
  };
  const client = createAnthropicClient({ apiKey: 'test-key', baseURL: (ready as Extract<FakeMessage, { type: 'ready' }>).url, timeoutMs: 30_000, fetch: timedFetch });
  const caller = new ResilientCaller(client, { ...DEFAULT_RESILIENCE, concurrency: options.concurrency });
  const summarizer = new AnthropicSummarizer(caller, { model: MODEL, mode });
  try {
    await summarizeAll(summarizer, warmUp, options.concurrency); // connections, JIT
    const reset = fake.next('reset-done');
    fake.send({ type: 'reset' });
    await reset;
    clientCallMs.length = 0;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const results = await summarizeAll(summarizer, articles, options.concurrency);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const clientCpuMs = cpuMsSince(cpuBefore);
    lag.disable();
    const stats = fake.next<Extract<FakeMessage, { type: 'stats' }>>('stats');
    fake.send({ type: 'stats' });
    const { spans: calls, cpuMs: fakeCpuMs } = await stats;
    return {
      mode,
      perSecond: articles.length / seconds,
      seconds,
      articles: articles.length,
      apiCalls: calls.length,
      fallbacks: results.reduce((sum, r) => sum + r.stages.filter((s) => s.fallbackReason !== undefined).length, 0),
      maxInFlight: maxOverlap(calls),
      medianCallMs: median(calls.map((c) => c.doneAt - c.at)),
      medianClientCallMs: median(clientCallMs),
      eventLoopDelayP50Ms: lag.percentile(50) / 1e6,
      eventLoopDelayP99Ms: lag.percentile(99) / 1e6,
      cpuMsPerArticle: clientCpuMs / articles.length,
      fakeCpuMsPerCall: calls.length > 0 ? fakeCpuMs / calls.length : 0,
    };
  } finally {
    caller.close();
    await fake.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface ServiceRun {
  partitions: number;
  perSecond: number;
  seconds: number;
  articles: number;
  apiCalls: number;
  maxInFlight: number;
}

/**
 * Articles per second through the whole llm service (news.fetched -> consumer -> Claude in
 * `combined` mode against the fake -> one PostgreSQL transaction -> outbox relay ->
 * article.summarized), on a topic with `partitions` partitions all consumed at once
 * (CONSUMER_CONCURRENCY = partitions), LLM_CONCURRENCY = `llmConcurrency`. From the first publish
 * to the last announcement seen by a watcher, after a warm-up batch.
 */
export async function serviceRate(articles: ArticleInput[], warmUp: ArticleInput[], options: { latencyMs: number; partitions: number; llmConcurrency: number }): Promise<ServiceRun> {
  const { child: fake, ready } = await startChild<FakeMessage>(path.join(__dirname, 'fake-anthropic.child.ts'), [String(options.latencyMs)]);
  const infra = infraEnv();
  const schema = uniqueSchema('benchllm');
  const input = uniqueName('bench.news.fetched');
  const output = uniqueName('bench.article.summarized');
  const service = await startService(
    { ...llmService, name: schema },
    {
      handleSignals: false,
      host: '127.0.0.1',
      env: {
        PORT: '0',
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        JWT_PUBLIC_KEY: generateKeyPair().publicKeyPem,
        LOG_LEVEL: 'error',
        TOPIC_NEWS_FETCHED: input,
        TOPIC_ARTICLE_SUMMARIZED: output,
        KAFKA_TOPIC_PARTITIONS: String(options.partitions),
        CONSUMER_CONCURRENCY: String(options.partitions),
        CONSUMER_GROUP: uniqueName('bench-llm'),
        LLM_CACHE_KEY_PREFIX: `${uniqueName('bench-llm')}:`,
        LLM_CACHE_TTL_SECONDS: '600',
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: (ready as Extract<FakeMessage, { type: 'ready' }>).url,
        LLM_MODEL: MODEL,
        LLM_MODE: 'combined',
        LLM_CONCURRENCY: String(options.llmConcurrency),
        LLM_BATCH_MODE: 'never',
        LLM_NICHE_DEFAULTS: JSON.stringify({ scoreThreshold: 0, summaryWords: 60 }),
      },
    },
  );
  const kafka = new Kafka({ clientId: uniqueName('bench-llm'), brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const watcher = kafka.consumer({ groupId: uniqueName('bench-llm-watch'), maxWaitTimeInMs: 100 });
  const done = new Set<string>();
  try {
    await producer.connect();
    await watcher.connect();
    await watcher.subscribe({ topics: [output], fromBeginning: true });
    await watcher.run({
      partitionsConsumedConcurrently: options.partitions,
      eachMessage: async ({ message }) => { if (message.key) done.add(message.key.toString()); },
    });
    const publishAll = async (list: ArticleInput[]) => {
      // Fresh article ids per run: the corpus ids repeat across runs and modes.
      const events = list.map((article) => newsFetchedOf({ ...article, id: randomUUID() }));
      await producer.send({ topic: input, messages: events.map((e) => ({ key: e.data.articleId, value: JSON.stringify(e) })) });
      return events.map((e) => e.data.articleId);
    };
    const allDone = (ids: string[]) => waitFor(() => ids.every((id) => done.has(id)), { what: 'every article summarized', timeoutMs: 600_000, intervalMs: 20 });
    await allDone(await publishAll(warmUp)); // group joined, connections open, JIT warm
    await resetFake(fake);
    const started = process.hrtime.bigint();
    await allDone(await publishAll(articles));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { spans } = await fakeStats(fake);
    return { partitions: options.partitions, perSecond: articles.length / seconds, seconds, articles: articles.length, apiCalls: spans.length, maxInFlight: maxOverlap(spans) };
  } finally {
    await watcher.disconnect();
    await producer.disconnect();
    await service.stop();
    await fake.stop();
    const client = new Client({ connectionString: infra.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    // Fresh topics per run: removed so repeated runs do not pile up partitions (a broker with
    // thousands of them takes minutes to start).
    await deleteTopics(infra.kafkaBrokers, [input, `${input}.dlq`, output, `${output}.dlq`]);
  }
}

function newsFetchedOf(article: ArticleInput) {
  return createEvent(contracts.newsFetched, {
    tenantId: article.tenantId,
    source: 'pulse/news',
    data: {
      articleId: article.id,
      sourceId: '00000000-0000-4000-8000-000000000001',
      niche: article.niche,
      url: `https://news.example.org/${article.id}`,
      canonicalUrl: `https://news.example.org/${article.id}`,
      title: article.title,
      lead: '',
      content: article.text,
      language: article.language ?? 'en',
      publishedAt: new Date().toISOString(),
      fetchedAt: new Date().toISOString(),
      score: article.score ?? 1,
      clusterId: randomUUID(),
      clusterSize: 1,
    },
  });
}

async function resetFake(fake: Child<FakeMessage>): Promise<void> {
  const reset = fake.next('reset-done');
  fake.send({ type: 'reset' });
  await reset;
}

async function fakeStats(fake: Child<FakeMessage>): Promise<Extract<FakeMessage, { type: 'stats' }>> {
  const stats = fake.next<Extract<FakeMessage, { type: 'stats' }>>('stats');
  fake.send({ type: 'stats' });
  return stats;
}
