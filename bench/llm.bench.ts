// LLM throughput: the offline extractive summarizer on ~800-word articles (one core: this
// process's main thread), and the real AnthropicSummarizer + ResilientCaller against the local
// fake Messages API answering after 200 ms, with 16 calls in flight, in `combined` mode (one call
// per article) and `staged` mode (summary, facts, tone: three calls); then the whole llm service
// (Kafka -> consumer -> Claude -> PostgreSQL -> outbox -> Kafka) with 6 and with 16 partitions.
import os from 'node:os';
import { numberOption } from './support/bench-args';
import { articleCorpus } from './support/article-corpus';
import { apiRate, extractiveRate, MODEL, serviceRate, type ServiceRun } from './support/llm-throughput';
import { PeakRss } from './support/peak-rss';
import type { BenchResult } from './results';

export async function run(): Promise<BenchResult> {
  const articles = numberOption('articles', 200);
  const concurrency = numberOption('concurrency', 16);
  const latencyMs = numberOption('latency-ms', 200);
  const rss = new PeakRss();
  const corpus = articleCorpus(articles + concurrency);
  const measured = corpus.slice(0, articles);
  const warmUp = corpus.slice(articles);
  const words = measured.reduce((sum, a) => sum + a.text.split(/\s+/).length, 0) / measured.length;

  const loadBefore = os.loadavg()[0]!;
  const extractive = extractiveRate(measured);
  const combined = await apiRate('combined', measured, warmUp, { latencyMs, concurrency });
  const staged = await apiRate('staged', measured, warmUp, { latencyMs, concurrency });
  const loadAfter = os.loadavg()[0]!;
  const serviceArticles = measured.slice(0, numberOption('service-articles', articles));
  const services: ServiceRun[] = [];
  for (const partitions of [6, concurrency]) {
    services.push(await serviceRate(serviceArticles, warmUp, { latencyMs, partitions, llmConcurrency: concurrency }));
  }
  const best = combined.perSecond >= staged.perSecond ? combined : staged;
  const peakRss = rss.stop();
  const ceiling = concurrency / (latencyMs / 1000); // API calls/s when every call takes exactly the latency
  const describe = (r: typeof combined) =>
    `${r.perSecond.toFixed(1)} (${r.articles} articles in ${r.seconds.toFixed(1)} s, ${r.apiCalls} API calls, max ${r.maxInFlight} in flight, ` +
    `median call ${r.medianClientCallMs} ms at the client / ${r.medianCallMs} ms inside the fake, ${r.fallbacks} extractive fallbacks, ` +
    `client CPU ${r.cpuMsPerArticle.toFixed(1)} ms/article, event-loop delay p50/p99 ${r.eventLoopDelayP50Ms.toFixed(0)}/${r.eventLoopDelayP99Ms.toFixed(0)} ms, fake CPU ${r.fakeCpuMsPerCall.toFixed(1)} ms/call)`;

  return {
    name: 'llm',
    title: 'LLM summarization throughput (llm)',
    command: `cd bench && eval "$(bash ../scripts/infra.sh env)" && ../node_modules/.bin/tsx run.ts llm${optionsGiven()}`,
    figures: {
      'articles': `${articles} of ~${Math.round(words)} words`,
      'extractive articles/s': Math.round(extractive.perSecond),
      'combined summaries/s': describe(combined),
      'staged summaries/s': describe(staged),
      'fake-api summaries/s': `${best.perSecond.toFixed(1)} (${best.mode})`,
      ...Object.fromEntries(services.map((r) => [
        `service summaries/s (${r.partitions} partitions)`,
        `${r.perSecond.toFixed(1)} (${r.articles} articles in ${r.seconds.toFixed(1)} s, ${r.apiCalls} API calls, max ${r.maxInFlight} in flight)`,
      ])),
      'llm peak rss MiB': peakRss,
      'load average (1 min) before/after': `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
    },
    notes: [
      `targets: extractive >= 200/s ${extractive.perSecond >= 200 ? 'met' : 'NOT met'}; fake-api >= 50/s at concurrency 16 ${best.perSecond >= 50 ? 'met' : 'NOT met'} (staged mode's ceiling is ${ceiling.toFixed(0)} / 3 = ${(ceiling / 3).toFixed(0)}/s).`,
      `extractive: summarizeExtractively (TextRank over the first 60 sentences, facts, keywords, templated variants) on one thread, looping over the ${articles} articles for at least 5 s after a warm-up pass.`,
      `fake API: startFakeAnthropic({ latencyMs: ${latencyMs} }) on 127.0.0.1 in a child process (its reply building does not share the measured event loop); the real SDK client, ResilientCaller (concurrency ${concurrency}, breaker, retries) and AnthropicSummarizer (model ${MODEL}); ${concurrency} articles in flight, after a warm-up of ${concurrency} articles.`,
      `the ceiling is concurrency / latency = ${ceiling.toFixed(0)} API calls/s: one call per article in combined mode, three in staged mode; LLM_MODE picks the mode (the service's default is staged).`,
      'reading a mode\'s line: calls in flight at the cap, a median inside the fake near the configured latency and a few ms of client CPU per article mean the summarizer path itself has no serialization point; a median at the client far above the one inside the fake together with a long event-loop delay means this process was waiting for a CPU (compare the load average). The fake builds each reply from the first few sentences of the article, split lazily and memoized per article, so its CPU per call stays small and it does not queue replies.',
      `service: the real llm service in this process (startService, combined mode, LLM_CONCURRENCY ${concurrency}, LLM_BATCH_MODE never) on a fresh topic with N partitions and CONSUMER_CONCURRENCY N, ${serviceArticles.length} news.fetched events published at once after a warm-up of ${warmUp.length}; from the first publish to the last article.summarized seen by a watcher. Within a partition the consumer handles up to CONSUMER_KEY_CONCURRENCY (default 4) articles of different keys side by side, so N partitions allow 4N articles in flight; LLM_CONCURRENCY caps the API calls among them.`,
      'the machine is shared with other work; the load average shows how busy it was.',
    ],
  };
}

/** The `--name value` options on the command line, as typed (so RESULTS.md says what was measured). */
function optionsGiven(): string {
  const argv = process.argv.slice(2);
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) if (argv[i]!.startsWith('--')) given.push(` ${argv[i]} ${argv[++i] ?? ''}`);
  return given.join('');
}
