import path from 'node:path';
import { Pool } from 'pg';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { runCli } from '@pulse/cli';
import { contracts, withTopic } from '@pulse/contracts';
import { serviceEnvs, SERVICE_NAMES, uniquePipelineNames, type PipelineNames, type ServiceName } from '@pulse/e2e';
import { startFakeMastodon, type FakeMastodon } from '@pulse/fakes';
import { uniqueName, waitFor } from '@pulse/testing';
import { FaultInfra, freePort } from './fault-infra';
import { GrowingFeedServer } from './growing-feed';
import { describeCounts, violations, type PipelineCounts } from './invariants';
import { readCounts } from './pipeline-ledger';
import { RecordTap } from './record-tap';
import { bundleServices } from './service-bundles';
import { ServiceFleet } from './service-fleet';
import { Toxiproxy } from './toxiproxy';

/** The niches of the run: one feed and one Mastodon channel each (each channel gets a quarter of the load). */
export const NICHES = ['technology', 'finance', 'science', 'health'];
/** Articles per second over all feeds: steady load small enough for a busy 2-core machine. */
export const ITEMS_PER_SECOND = Number(process.env.PULSE_FAULTS_ITEMS_PER_SECOND ?? 5);

/** The llm service reaches PostgreSQL and Redis only through these toxiproxy proxies. */
export const PROXIED = { service: 'llm' as ServiceName, postgres: 'llm-postgres', redis: 'llm-redis' };

export interface FaultSystem {
  infra: FaultInfra;
  fleet: ServiceFleet;
  toxiproxy: Toxiproxy;
  feed: GrowingFeedServer;
  mastodon: FakeMastodon;
  tap: RecordTap;
  names: PipelineNames;
  tenantId: string;
  /** Pauses the load, brings the pipeline to rest (replaying what the outage dead-lettered) and resolves with the counts once every invariant holds. */
  converge(what: string, timeoutMs?: number): Promise<PipelineCounts>;
  /** `pulse dlq replay <topic> [args]` through the CLI; resolves with its output. */
  pulse(args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** DLQ entries the run could not explain (valid events dead-lettered permanently). */
  unexplainedDeadLetters(): string[];
  stop(): Promise<void>;
}

/** A progress line on stdout (`[faults] hh:mm:ss …`). */
export const log = (message: string) => process.stdout.write(`[faults] ${new Date().toISOString().slice(11, 19)} ${message}\n`);

/**
 * Everything the faults happen to: a private Kafka/PostgreSQL/Redis, toxiproxy in front of the llm
 * service's PostgreSQL and Redis, a fake Mastodon, feeds that keep publishing, the five services
 * as processes with the scheduled fetch cycle on, one tenant with a source and a channel per niche,
 * and a downstream tap on every topic and DLQ. Whatever started is stopped if a later step fails.
 */
export async function startFaultSystem(): Promise<FaultSystem> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`cleanup failed: ${String(error)}`));
  };
  try {
    const infra = new FaultInfra();
    log('starting the suite\'s own Kafka, PostgreSQL and Redis; bundling the services meanwhile');
    const bundling = bundleServices(infra.root, path.join(infra.logsDir, '..', 'bundles'));
    bundling.catch(() => undefined); // awaited below; a failure of infra.up() must not leave it unhandled
    await infra.up();
    cleanups.push(() => infra.down());
    const { kafkaBrokers, databaseUrl, redisUrl } = infra.env;

    const toxiproxy = await Toxiproxy.start(infra.root, await freePort(), infra.logsDir);
    cleanups.push(() => toxiproxy.stop());
    const [pgProxyPort, redisProxyPort] = [await freePort(), await freePort()];
    await toxiproxy.createProxy(PROXIED.postgres, pgProxyPort, infra.settings.pgPort);
    await toxiproxy.createProxy(PROXIED.redis, redisProxyPort, infra.settings.redisPort);

    const mastodon = await startFakeMastodon();
    cleanups.push(() => mastodon.close());
    const feed = new GrowingFeedServer({ niches: NICHES, itemsPerSecond: ITEMS_PER_SECOND, window: 400 });
    await feed.start();
    cleanups.push(() => feed.close());

    const names = uniquePipelineNames();
    const keys = generateKeyPair();
    const envs = faultEnvs(serviceEnvs({
      names, infra: infra.env, jwtPublicKeyPem: keys.publicKeyPem, anthropicUrl: 'unused', anthropicApiKey: 'unused', mastodonUrl: mastodon.url,
    }), {
      llmDatabaseUrl: databaseUrl.replace(`:${infra.settings.pgPort}/`, `:${pgProxyPort}/`),
      llmRedisUrl: `redis://127.0.0.1:${redisProxyPort}`,
    });
    // The tap joins its group first: on a freshly formatted broker the group coordinator
    // (__consumer_offsets) takes a while, and a service whose consumer finds none fails its boot.
    const tap = new RecordTap(kafkaBrokers, [
      withTopic(contracts.newsFetched, names.topics.newsFetched),
      withTopic(contracts.articleSummarized, names.topics.articleSummarized),
      withTopic(contracts.postPublished, names.topics.postPublished),
    ]);
    cleanups.push(() => tap.stop());
    await tap.start(Number(envs.llm.KAFKA_TOPIC_PARTITIONS));

    const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (name) => [name, await freePort()]))) as Record<ServiceName, number>;
    const fleet = new ServiceFleet(infra.root, infra.logsDir, ports, envs, await bundling);
    cleanups.push(() => fleet.stopAll());
    log(`starting the five services (logs in ${infra.logsDir})`);
    await fleet.startAll();


    const db = new Pool({ connectionString: databaseUrl, max: 2 });
    // PostgreSQL is stopped on purpose: a pooled idle client's error must not end the test process.
    db.on('error', () => undefined);
    cleanups.push(() => db.end());

    const tenantId = uniqueName('faults-tenant');
    const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    const token = await signer.sign({ sub: 'faults-operator', tenantId, scopes: ['admin'], ttlSeconds: 3600 });
    const api = apiClient(token);
    const sourceIds: Record<string, string> = {};
    for (const niche of NICHES) {
      await api('POST', `${fleet.url('social')}/v1/channels`, 201, {
        platform: 'mastodon', name: `faults ${niche}`, credentials: { accessToken: mastodon.token }, niches: [niche], maxPostsPerHour: 1000,
      });
      const source = await api('POST', `${fleet.url('news')}/v1/sources`, 201, {
        url: feed.feedUrl(niche), niche, title: `faults ${niche}`, pollIntervalSeconds: 10,
      }) as { id: string };
      sourceIds[niche] = source.id;
    }
    feed.resume();
    log(`load on: ${ITEMS_PER_SECOND} articles/s over ${NICHES.length} feeds`);

    const cli = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(['node', 'pulse', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, env: { KAFKA_BROKERS: kafkaBrokers.join(',') } });
      return { code, out, err };
    };

    // Entries an outage dead-lettered are replayed, as an operator would after an incident:
    // `exhausted` (retries ran out during the outage) and `permanent` (an error misread as
    // permanent; the last test lists them as failures). Only first-time dead letters count, so a
    // replayed event failing again is not replayed forever; the replay groups remember offsets.
    const replayGroup = uniqueName('faults-replay');
    const handled = new Map<string, number>();
    const replayDeadLetters = async () => {
      for (const topic of Object.values(names.topics)) {
        for (const kind of ['exhausted', 'permanent']) {
          const seen = tap.dlq.filter((e) => e.originalTopic === topic && e.kind === kind && e.replayedFrom === undefined).length;
          if (seen <= (handled.get(`${kind}:${topic}`) ?? 0)) continue;
          const result = await cli(['dlq', 'replay', topic, '--reason-kind', kind, '--group', `${replayGroup}.${kind}.${topic}`]);
          if (result.code !== 0) throw new Error(`pulse dlq replay ${topic} failed: ${result.err}`);
          log(`replayed ${kind} dead letters of ${topic}: ${result.out.replace(/\n/g, ' ').trim()}`);
          handled.set(`${kind}:${topic}`, seen);
        }
      }
    };

    // A source whose fetch failed during an outage backs off (60 s and more); the operator's
    // "fetch now" brings it back at once. 409 = being fetched right now, which is as good.
    let lastRefresh = 0;
    const refreshBehind = async (counts: PipelineCounts) => {
      if (Date.now() - lastRefresh < 5_000) return;
      lastRefresh = Date.now();
      for (const niche of NICHES) {
        if ((counts.articles[niche] ?? 0) >= counts.published[niche]!) continue;
        await fetch(`${fleet.url('news')}/v1/sources/${sourceIds[niche]}/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      }
    };

    const converge = async (what: string, timeoutMs = 240_000) => {
      feed.pause();
      const started = Date.now();
      let last: PipelineCounts | undefined;
      let problems: string[] = [];
      let lastProgress = started;
      try {
        await waitFor(async () => {
          if (!(await fleet.allReady())) return false;
          await replayDeadLetters();
          last = await readCounts({ db, tenantId, names, tap, mastodon, feed });
          problems = violations(last);
          if (Date.now() - lastProgress >= 30_000) {
            lastProgress = Date.now();
            log(`${what}: converging (${Math.round((Date.now() - started) / 1000)} s): ${describeCounts(last)}`);
          }
          if (problems.length > 0) await refreshBehind(last);
          return problems.length === 0;
        }, { timeoutMs, intervalMs: 1_000, what: `the pipeline to converge after ${what}` });
      } catch (error) {
        throw new Error(`${String(error)}\n  still broken: ${problems.join('; ')}\n  counts: ${last ? describeCounts(last) : 'unread'}`);
      }
      log(`${what}: converged in ${Math.round((Date.now() - started) / 1000)} s; ${describeCounts(last!)}`);
      feed.resume();
      return last!;
    };

    return {
      infra, fleet, toxiproxy, feed, mastodon, tap, names, tenantId, converge,
      pulse: cli,
      unexplainedDeadLetters: () => tap.dlq
        .filter((entry) => entry.kind === 'permanent' && entry.eventId !== undefined)
        .map((entry) => `${entry.originalTopic} ${entry.eventId} (${entry.group}): ${entry.reason}`),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The e2e environment, changed for processes under faults (see the README for why each). */
function faultEnvs(
  base: Record<ServiceName, Record<string, string>>,
  { llmDatabaseUrl, llmRedisUrl }: { llmDatabaseUrl: string; llmRedisUrl: string },
): Record<ServiceName, Record<string, string>> {
  const { ANTHROPIC_API_KEY: _key, ANTHROPIC_BASE_URL: _url, ...llm } = base.llm;
  const common = {
    LOG_LEVEL: 'warn',
    // A kill -9'd consumer keeps its partitions until its group session expires: 10 s here
    // (the broker's minimum is 6 s) instead of the services' 30 s default.
    KAFKA_SESSION_TIMEOUT_MS: '10000',
    KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  };
  return {
    news: {
      ...base.news, ...common,
      FETCH_WORKER_ENABLED: 'true',
      FETCH_CRON: '* * * * * *',
      MIN_POLL_INTERVAL_SECONDS: '5',
      MAX_POLL_INTERVAL_SECONDS: '10',
      // A killed news leaves its per-source Redis locks behind until they expire (default 2 min);
      // a fetch here is bounded by FETCH_TIMEOUT_MS (5 s), so 15 s is still "longer than a fetch".
      FETCH_LOCK_TTL_MS: '15000',
    },
    // No API key: the extractive summarizer (no fake Anthropic in the way of the counts).
    llm: { ...llm, ...common, DATABASE_URL: llmDatabaseUrl, REDIS_URL: llmRedisUrl },
    social: {
      ...base.social, ...common,
      // A post left `publishing` by a killed social is taken over (and looked up first) after the lease.
      DISPATCH_LEASE_SECONDS: '10',
    },
    analytics: { ...base.analytics, ...common },
    notification: { ...base.notification, ...common },
  };
}

function apiClient(token: string) {
  return async (method: string, url: string, expected: number, body?: unknown): Promise<unknown> => {
    const response = await fetch(url, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${url}: expected ${expected}, got ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
}
