import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { infraEnv, infraServiceEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { startService, type RunningService } from '@pulse/service-runtime';
import { analyticsService } from '../../src/service';

export interface AnalyticsHarness {
  service: RunningService<unknown>;
  base: string;
  topics: { fetched: string; summarized: string; published: string; engagement: string };
  /** Sends raw values (events as JSON, or anything else) to a topic, keyed by `key`. */
  send(topic: string, messages: Array<{ key: string; value: string }>): Promise<void>;
  token(tenantId: string, scopes?: string[]): Promise<string>;
  /** GET `path` (under /v1) with the token, if any; the JSON body (or problem) and the response. */
  get(path: string, token?: string): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }>;
  /** The value of one Prometheus sample of the service, 0 if absent. */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  /** Stops the service and drops its schema. */
  stop(): Promise<void>;
}

/** Boots the real analytics service on its own schema, topics and groups, with a producer to feed it. */
export async function startAnalytics(env: Record<string, string> = {}): Promise<AnalyticsHarness> {
  const infra = infraEnv();
  const keys = generateKeyPair();
  const topics = {
    fetched: uniqueName('analytics-news.fetched'),
    summarized: uniqueName('analytics-article.summarized'),
    published: uniqueName('analytics-post.published'),
    engagement: uniqueName('analytics-post.engagement'),
  };
  const schema = uniqueSchema('analytics');
  const service = await startService(
    { ...analyticsService, name: schema },
    {
      handleSignals: false,
      host: '127.0.0.1',
      env: {
        PORT: '0',
        ...infraServiceEnv(),
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        LOG_LEVEL: 'error',
        DATABASE_POOL_SIZE: '4',
        TOPIC_NEWS_FETCHED: topics.fetched,
        TOPIC_ARTICLE_SUMMARIZED: topics.summarized,
        TOPIC_POST_PUBLISHED: topics.published,
        TOPIC_POST_ENGAGEMENT: topics.engagement,
        TOPIC_PARTITIONS: '2',
        CONSUMER_GROUP_PREFIX: uniqueName('analytics'),
        ...env,
      },
    },
  );
  const kafka = new Kafka({ brokers: infra.kafkaBrokers, clientId: uniqueName('analytics-test'), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const base = `http://127.0.0.1:${service.port}`;
  return {
    service,
    base,
    topics,
    send: async (topic, messages) => {
      await producer.send({ topic, messages });
    },
    token: (tenantId, scopes = ['analytics:read']) => signer.sign({ sub: `user-${tenantId}`, tenantId, scopes }),
    get: async (path, token) => {
      const res = await fetch(`${base}/v1${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
    },
    metric: async (name, labels) => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    },
    stop: async () => {
      await producer.disconnect();
      await service.stop();
      const db = await new DataSource({ type: 'postgres', url: infra.databaseUrl, extra: { max: 1 } }).initialize();
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.destroy();
    },
  };
}

/** A Kafka message carrying `event` the way the bus sends it (key: the article id). */
export function message(event: { data: { articleId: string } }): { key: string; value: string } {
  return { key: event.data.articleId, value: JSON.stringify(event) };
}
