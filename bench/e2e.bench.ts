// End to end: the five services as separate processes (tsx, like `npm start`), a loopback feed
// server and a fake Mastodon in this process, extractive summaries (no Anthropic key). Phase 1
// refreshes `--articles` worth of feeds at once and measures sustained articles/s from the first
// refresh to the last post.published; phase 2 feeds `--rate` articles/s for `--latency-articles`
// and measures each article's latency from its news.fetched event to its post.published event.
// Peak RSS (VmHWM) of every process at the end.
import os from 'node:os';
import { Client } from 'pg';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { infraEnv } from '@pulse/testing';
import { startFakeMastodon, startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { numberOption } from './support/bench-args';
import { cpuByCommand, cpuMs } from './support/cpu';
import { feedDocument, type CorpusShape } from './support/feed-corpus';
import { quantile } from './support/quantile';
import { startEventClock, type EventClock, type EventTimes } from './support/stack-events';
import { startServices, treeCpuMs, treeMemory, type StackProcess } from './support/stack-processes';
import { STACK_SERVICES, stackEnvs, uniqueStackNames } from './support/stack-env';
import { dropStackData } from './support/stack-cleanup';
import type { BenchResult } from './results';

const ITEMS_PER_FEED = 50;
// social keeps each channel at or under maxPostsPerHour (at most 1,000): one channel (and niche) per 1,000 articles.
const ARTICLES_PER_CHANNEL = 1_000;

interface Api {
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function apiOf(baseUrl: string, token: string): Api {
  return {
    async call(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
  };
}

/** Serves `feeds` feeds of fresh unique articles (no repeats) under `/feeds/<phase>-<n>.xml`; returns their paths. */
function serveFeeds(server: FakeFeedServer, phase: string, feeds: number, seed: number): string[] {
  const shape: CorpusShape = { feeds, itemsPerFeed: ITEMS_PER_FEED, duplicateShare: 0, now: Date.now(), seed };
  return Array.from({ length: feeds }, (_, feed) => {
    const path = `/feeds/${phase}-${feed}.xml`;
    server.serve(path, { body: feedDocument(shape, feed), contentType: 'application/rss+xml; charset=utf-8' });
    return path;
  });
}

/** Sources for `paths`, niche per block of ARTICLES_PER_CHANNEL articles, with one Mastodon channel per niche. */
async function createSources(news: Api, social: Api, feedUrl: string, paths: string[], phase: string, mastodonToken: string): Promise<string[]> {
  const feedsPerChannel = ARTICLES_PER_CHANNEL / ITEMS_PER_FEED;
  const ids: string[] = [];
  for (let block = 0; block * feedsPerChannel < paths.length; block++) {
    const niche = `${phase}-${block}`;
    await social.call('POST', '/v1/channels', {
      platform: 'mastodon', name: `bench ${niche}`, credentials: { accessToken: mastodonToken }, niches: [niche], maxPostsPerHour: ARTICLES_PER_CHANNEL,
    });
    for (const path of paths.slice(block * feedsPerChannel, (block + 1) * feedsPerChannel)) {
      ids.push((await news.call<{ id: string }>('POST', '/v1/sources', { url: `${feedUrl}${path}`, niche })).id);
    }
  }
  return ids;
}

/** Waits until `count()` reaches `expected`, or has not moved for `stallMs`; prints progress. */
async function waitForCount(what: string, count: () => number, expected: number, stallMs = 60_000): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  let reportedAt = Date.now();
  while (count() < expected) {
    if (count() !== last) { last = count(); movedAt = Date.now(); }
    if (Date.now() - movedAt > stallMs) throw new Error(`e2e: ${what} stuck at ${count()} of ${expected} for ${stallMs / 1000} s`);
    if (Date.now() - reportedAt > 10_000) { reportedAt = Date.now(); console.error(`e2e: ${what} ${count()} / ${expected}`); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** p50 / p99 of each stage of the phase 2 articles, from the envelope times (and the receipt of post.published). */
function stageLatencies(ids: string[], fetched: EventTimes, summarized: EventTimes, published: EventTimes): Record<string, string> {
  const stage = (from: Map<string, number>, to: Map<string, number>) => {
    const values = ids.filter((id) => from.has(id) && to.has(id)).map((id) => to.get(id)! - from.get(id)!);
    return `${Math.round(quantile(values, 0.5))} / ${Math.round(quantile(values, 0.99))}`;
  };
  return {
    'stage fetched -> summarized p50 / p99 ms': stage(fetched.byArticle, summarized.byArticle),
    'stage summarized -> published p50 / p99 ms': stage(summarized.byArticle, published.byArticle),
    'stage published -> received p50 / p99 ms': stage(published.byArticle, published.receivedByArticle),
  };
}

/**
 * CPU used so far (ms) by each service's process tree, the infrastructure (by command name: the
 * broker's JVM, every PostgreSQL backend, Redis) and this process (feed server, fake Mastodon, event
 * consumer): the difference of two snapshots says where a phase's CPU went.
 */
function cpuSnapshot(services: Record<string, StackProcess>): Record<string, number> {
  const byCommand = cpuByCommand();
  return {
    ...Object.fromEntries(Object.entries(services).map(([name, s]) => [name, treeCpuMs(s.child.pid!)])),
    kafka: byCommand.get('java') ?? 0,
    postgres: byCommand.get('postgres') ?? 0,
    redis: byCommand.get('redis-server') ?? 0,
    bench: cpuMs(process.cpuUsage()),
  };
}

/** Transactions PostgreSQL has committed so far in this database (each autocommit statement is one). */
async function committedTransactions(): Promise<number> {
  const db = new Client({ connectionString: infraEnv().databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0]!.n);
  } finally {
    await db.end();
  }
}

export async function run(): Promise<BenchResult> {
  const articles = numberOption('articles', 2_000);
  const latencyArticles = numberOption('latency-articles', 1_000);
  const rate = numberOption('rate', 100);
  const partitions = numberOption('partitions', 6);
  const names = uniqueStackNames();
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const tenantId = `${names.prefix}-tenant`;
  const token = await signer.sign({ sub: 'bench', tenantId, scopes: ['admin'], ttlSeconds: 6 * 3_600 });
  const [feedServer, mastodon] = await Promise.all([startFeedServer(), startFakeMastodon()]);
  const envs = stackEnvs({ names, jwtPublicKeyPem: keys.publicKeyPem, mastodonUrl: mastodon.url, partitions });
  console.error(`e2e: 5 services as processes, ${articles} articles at once, then ${latencyArticles} at ${rate}/s, ${partitions} partitions`);

  let services: Record<string, StackProcess> = {};
  let clock: EventClock | undefined;
  try {
    services = await startServices(Object.fromEntries(STACK_SERVICES.map((name) => [name, envs[name]])));
    const news = apiOf(`http://127.0.0.1:${services.news!.port}`, token);
    const social = apiOf(`http://127.0.0.1:${services.social!.port}`, token);
    clock = await startEventClock([names.topics.newsFetched, names.topics.articleSummarized, names.topics.postPublished], tenantId);
    const fetched = clock.topics[names.topics.newsFetched]!;
    const summarized = clock.topics[names.topics.articleSummarized]!;
    const published = clock.topics[names.topics.postPublished]!;

    // Phase 1: sustained throughput.
    const feeds1 = Math.ceil(articles / ITEMS_PER_FEED);
    const sources1 = await createSources(news, social, feedServer.url, serveFeeds(feedServer, 'burst', feeds1, 1), 'burst', mastodon.token);
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = cpuSnapshot(services);
    const transactionsBefore = await committedTransactions();
    const started = Date.now();
    const queue = [...sources1];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await news.call('POST', `/v1/sources/${id}/refresh`);
    }));
    const expected1 = feeds1 * ITEMS_PER_FEED;
    await waitForCount('phase 1 articles fetched', () => fetched.byArticle.size, expected1);
    await waitForCount('phase 1 articles published', () => published.byArticle.size, expected1);
    const seconds1 = (published.lastReceivedAt - started) / 1000;
    const cpuAfter = cpuSnapshot(services);
    // Backends flush their counters at most once a second, an idle one up to 10 s late: approximate.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const transactionsPerArticle = (await committedTransactions() - transactionsBefore) / expected1;
    const cpuPerArticle = Object.entries(cpuAfter).map(([name, ms]) => [name, (ms - cpuBefore[name]!) / expected1] as const);
    const cpuTotal = cpuPerArticle.reduce((sum, [, ms]) => sum + ms, 0);
    const loadAfter1 = os.loadavg()[0]!;

    // Phase 2: latency at a steady rate: one feed of 50 fresh articles every 50/rate seconds.
    const feeds2 = Math.ceil(latencyArticles / ITEMS_PER_FEED);
    const sources2 = await createSources(news, social, feedServer.url, serveFeeds(feedServer, 'steady', feeds2, 2), 'steady', mastodon.token);
    const before2 = new Set(fetched.byArticle.keys());
    const intervalMs = (ITEMS_PER_FEED / rate) * 1000;
    const phase2Start = Date.now();
    const refreshes: Array<Promise<unknown>> = [];
    for (let i = 0; i < sources2.length; i++) {
      const due = phase2Start + i * intervalMs;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      refreshes.push(news.call('POST', `/v1/sources/${sources2[i]}/refresh`));
    }
    await Promise.all(refreshes);
    const offeredRate = (feeds2 * ITEMS_PER_FEED) / ((Date.now() - phase2Start) / 1000);
    await waitForCount('phase 2 articles published', () => published.byArticle.size, expected1 + feeds2 * ITEMS_PER_FEED);
    const phase2Ids = [...fetched.byArticle.keys()].filter((id) => !before2.has(id));
    const latencies = phase2Ids.map((id) => published.byArticle.get(id)! - fetched.byArticle.get(id)!);
    const stages = stageLatencies(phase2Ids, fetched, summarized, published);
    const loadAfter2 = os.loadavg()[0]!;

    const memory = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, treeMemory(s.child.pid!)]));
    const benchRssMiB = Math.round(process.memoryUsage.rss() / 2 ** 20);
    const stackMiB = Object.values(memory).reduce((sum, m) => sum + m.treeMiB, 0);
    const maxServiceMiB = Math.max(...Object.values(memory).map((m) => m.serviceMiB));
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    const perSecond = expected1 / seconds1;
    const flags = [
      articles !== 2_000 && `--articles ${articles}`, latencyArticles !== 1_000 && `--latency-articles ${latencyArticles}`,
      rate !== 100 && `--rate ${rate}`, partitions !== 6 && `--partitions ${partitions}`,
    ].filter(Boolean).join(' ');
    return {
      name: 'e2e',
      title: 'End to end, feed to post, five service processes (e2e)',
      command: `cd bench && eval "$(bash ../scripts/infra.sh env)" && ../node_modules/.bin/tsx run.ts e2e${flags ? ` ${flags}` : ''}`,
      figures: {
        'e2e articles/s': Math.round(perSecond),
        'e2e p50 ms': Math.round(p50),
        'e2e p99 ms': Math.round(p99),
        ...stages,
        'stack rss MiB': stackMiB,
        'max service rss MiB': maxServiceMiB,
        'phase 1 cpu ms per article': `${cpuPerArticle.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ')}; total ${cpuTotal.toFixed(1)} (the machine has ${os.cpus().length * 1000} per second)`,
        'phase 1 postgres transactions per article': transactionsPerArticle.toFixed(1),
        'phase 1': `${expected1} articles (${feeds1} feeds) fetched, summarized and posted in ${seconds1.toFixed(1)} s`,
        'phase 2': `${latencies.length} articles offered at ${offeredRate.toFixed(0)}/s`,
        ...Object.fromEntries(Object.entries(memory).map(([name, m]) => [`${name} peak rss MiB (process / with tsx launcher)`, `${m.serviceMiB} / ${m.treeMiB}`])),
        'bench process rss MiB (feed server, fake Mastodon, event consumer)': benchRssMiB,
        'mastodon statuses': mastodon.statuses.length,
        'load average (1 min) before / after phase 1 / after phase 2': `${loadBefore.toFixed(1)} / ${loadAfter1.toFixed(1)} / ${loadAfter2.toFixed(1)}`,
      },
      notes: [
        `targets: >= 500 articles/s ${perSecond >= 500 ? 'met' : 'NOT met'}; p99 <= 1,000 ms at ${rate}/s ${p99 <= 1_000 ? 'met' : 'NOT met'}; stack <= 8 GiB ${stackMiB <= 8_192 ? 'met' : 'NOT met'}; each service <= 300 MiB ${maxServiceMiB <= 300 ? 'met' : 'NOT met'}.`,
        'articles/s: phase 1 articles / (first refresh request .. the last post.published event received by a downstream consumer); four refreshes in flight, one feed (50 unique items from the news benchmark corpus) each.',
        `latency: per article, post.published envelope time - news.fetched envelope time (both stamped by the services on this machine's clock); phase 2 refreshes one 50-item feed every ${intervalMs.toFixed(0)} ms, so articles arrive in bursts of 50.`,
        "social sends a post due now as soon as its consumer committed it (the dispatcher's hand-off; DISPATCH_CRON every second, batches of 1,000, 32 in parallel, only picks up what a hand-off missed); each 1,000 articles get their own niche and channel (maxPostsPerHour is at most 1,000 per channel).",
        'stages (phase 2, p50 / p99 ms): news.fetched time -> article.summarized time (news relay, Kafka, llm consumer and summary), article.summarized time -> post.published time (llm relay, Kafka, social consumer and dispatcher), post.published time -> its receipt by this process (social relay and Kafka; not part of the e2e figure).',
        'phase 1 cpu: user + system time from /proc over phase 1 divided by its articles: each service\'s process tree, the infrastructure by command name (java = the Kafka broker, postgres = every backend, redis-server), and this process. Postgres transactions: xact_commit of the database over phase 1 per article (every autocommit statement counts; approximate, backends flush their counters up to 10 s late). On this 2-vCPU VM a loopback round trip costs far more CPU at low rates than the statement it carries (see services/notification/README.md, Performance), so round trips per article are what to cut.',
        'rss: VmHWM of each service\'s node process from /proc (the "with tsx launcher" figure adds the tsx CLI and esbuild processes); stack rss = the sum over the five services with their launchers.',
        'the machine is shared with other work; the load average shows how busy it was.',
      ],
    };
  } finally {
    await clock?.stop().catch(() => undefined);
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await Promise.all([feedServer.close(), mastodon.close()]);
    await dropStackData(names);
  }
}
