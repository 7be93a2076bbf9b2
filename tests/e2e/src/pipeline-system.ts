import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { analyticsService } from '@pulse/analytics/src/service';
import { createTokenSigner, generateKeyPair, type KeyPair } from '@pulse/auth';
import {
  startFakeAnthropic, startFakeMastodon, startFakeWebhookEndpoint, startFeedServer,
  type FakeAnthropic, type FakeFeedServer, type FakeMastodon, type FakeWebhookEndpoint,
} from '@pulse/fakes';
import { ROUTES_FILE, startDevGateway, type DevGateway } from '@pulse/gateway';
import { llmService } from '@pulse/llm/src/service';
import { newsService } from '@pulse/news/src/service';
import { notificationService } from '@pulse/notification/src/service';
import { createInMemoryTelemetry, type InMemorySpanExporter } from '@pulse/observability';
import { startService, type RunningService } from '@pulse/service-runtime';
import { socialService } from '@pulse/social/src/service';
import { infraEnv, uniqueName } from '@pulse/testing';
import { GatewayClient } from './gateway-client';
import { SERVICE_NAMES, serviceEnvs, topicsOf, uniquePipelineNames, type PipelineNames, type ServiceName } from './pipeline-config';
import { fixtureItems, rssFeed, type FixtureItem } from './rss-fixture';

/** What a signed-in user of the test gets: the public API on the gateway, as their tenant. */
export interface TenantSession {
  tenantId: string;
  api: GatewayClient;
  /** A URL of the public API with `ws:` scheme (for `/ws`). */
  wsBase: string;
}

export interface PipelineSystem {
  names: PipelineNames;
  gatewayUrl: string;
  services: Record<ServiceName, RunningService<unknown>>;
  feed: FakeFeedServer;
  feedPath: string;
  feedItems: FixtureItem[];
  anthropic: FakeAnthropic;
  mastodon: FakeMastodon;
  webhookEndpoint: FakeWebhookEndpoint;
  /** Every span every service finished (one in-memory exporter is the process's tracer provider). */
  spans: InMemorySpanExporter;
  /** The run's JWT key pair (the services verify with its public key). */
  keys: KeyPair;
  /** A user of a new tenant with the scopes a pipeline operator has. */
  session(tenantId?: string): Promise<TenantSession>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  /** Extra or replaced environment variables per service (e.g. a tighter allow-list or rate limit). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** The scopes of a tenant's operator: everything the public API offers, without `admin`. */
export const OPERATOR_SCOPES = [
  'news:read', 'news:write', 'llm:read', 'channels:read', 'channels:write', 'posts:read', 'posts:write',
  'analytics:read', 'webhooks:read', 'webhooks:write', 'stream:read',
];

const ANTHROPIC_KEY = 'e2e-anthropic-key';
const FEED_PATH = '/feeds/technology.xml';

/**
 * Boots the whole system in this process: the fakes of the outside world (feed, Claude, Mastodon,
 * a webhook receiver), the five services on the run's unique topics/groups/schemas with one JWT
 * key pair, and the dev gateway in front of them. Whatever started is stopped if a later step fails.
 */
export async function startPipelineSystem(options: PipelineOptions = {}): Promise<PipelineSystem> {
  const infra = infraEnv();
  const names = uniquePipelineNames();
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const cleanups: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };

  try {
    // First, so it is the global tracer provider: the services' own startTelemetry calls find a
    // provider registered and leave it in place (the OpenTelemetry API keeps the first one).
    const telemetry = createInMemoryTelemetry('pulse-e2e');
    cleanups.push(() => telemetry.shutdown());
    cleanups.push(() => dropRunData(infra.databaseUrl, infra.kafkaBrokers, names));

    const [feed, anthropic, mastodon, webhookEndpoint] = await Promise.all([
      startFeedServer(), startFakeAnthropic({ apiKey: ANTHROPIC_KEY }), startFakeMastodon(), startFakeWebhookEndpoint(),
    ]);
    cleanups.push(() => Promise.all([feed.close(), anthropic.close(), mastodon.close(), webhookEndpoint.close()]));
    const feedItems = fixtureItems(feed.url);
    // No ETag/Last-Modified: every refresh downloads and parses the whole feed again, so a repeat
    // proves deduplication rather than a 304.
    feed.serve(FEED_PATH, { body: rssFeed('Pulse e2e technology', feed.url, feedItems) });

    const envs = serviceEnvs({
      names, infra, jwtPublicKeyPem: keys.publicKeyPem, anthropicUrl: anthropic.url, anthropicApiKey: ANTHROPIC_KEY, mastodonUrl: mastodon.url,
    });
    for (const name of SERVICE_NAMES) envs[name] = { ...envs[name], ...options.env?.[name] };
    const services = await bootServices(names, envs, cleanups);

    const gateway: DevGateway = await startDevGateway({
      routesFile: ROUTES_FILE,
      upstreams: Object.fromEntries(SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${services[name].port}`])),
      port: 0,
      host: '127.0.0.1',
    });
    cleanups.push(() => gateway.close());
    const gatewayUrl = `http://127.0.0.1:${gateway.port}`;

    return {
      names, gatewayUrl, services, feed, feedPath: FEED_PATH, feedItems, anthropic, mastodon, webhookEndpoint,
      spans: telemetry.exporter,
      keys,
      async session(tenantId = uniqueName('tenant')) {
        const token = await signer.sign({ sub: `operator-of-${tenantId}`, tenantId, scopes: OPERATOR_SCOPES });
        return { tenantId, api: new GatewayClient(gatewayUrl, token), wsBase: gatewayUrl.replace(/^http/, 'ws') };
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts the five services at once (boot is mostly waiting on Kafka and PostgreSQL). */
async function bootServices(
  names: PipelineNames,
  envs: Record<ServiceName, Record<string, string>>,
  cleanups: Array<() => Promise<unknown>>,
): Promise<Record<ServiceName, RunningService<unknown>>> {
  const options = (name: ServiceName) => ({ env: envs[name], handleSignals: false, host: '127.0.0.1' });
  const schema = names.schemas;
  const boots: Record<ServiceName, Promise<RunningService<unknown>>> = {
    news: startService({ ...newsService, name: schema.news }, options('news')),
    llm: startService({ ...llmService, name: schema.llm }, options('llm')),
    social: startService({ ...socialService, name: schema.social }, options('social')),
    analytics: startService({ ...analyticsService, name: schema.analytics }, options('analytics')),
    notification: startService({ ...notificationService, name: schema.notification }, options('notification')),
  };
  const settled = await Promise.allSettled(SERVICE_NAMES.map((name) => boots[name]));
  const running: Partial<Record<ServiceName, RunningService<unknown>>> = {};
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') running[SERVICE_NAMES[index]!] = result.value;
  });
  // Stopped together: each one finishes its own in-flight work; none waits for another.
  cleanups.push(() => Promise.all(Object.values(running).map((service) => service.stop())));
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return running as Record<ServiceName, RunningService<unknown>>;
}

/** Drops the run's schemas and topics; other runs never read them, so this is hygiene only. */
async function dropRunData(databaseUrl: string, brokers: string[], names: PipelineNames): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of Object.values(names.schemas)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
  const admin = new Kafka({ clientId: uniqueName('e2e-cleanup'), brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const ours = topicsOf(names).filter((topic) => existing.has(topic));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}
