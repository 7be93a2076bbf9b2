// The two measurements of the llm benchmark: the extractive summarizer on one core, and the real
// AnthropicSummarizer + ResilientCaller against the local fake Messages API with its latency.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AnthropicSummarizer, createAnthropicClient, DEFAULT_RESILIENCE, ResilientCaller } from '@pulse/llm/src/adapters/anthropic';
import { summarizeExtractively, type ArticleInput, type NicheProfile, type SummaryResult } from '@pulse/llm/src/domain';
import { startChild } from './child-process';

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
    const cpu = process.cpuUsage(cpuBefore);
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
      cpuMsPerArticle: (cpu.user + cpu.system) / 1000 / articles.length,
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
