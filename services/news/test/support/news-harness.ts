import type { Server } from 'node:http';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import request from 'supertest';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import type { NewsFetchedEvent } from '@pulse/contracts';
import { startService, type RunningService } from '@pulse/service-runtime';
import { infraEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { newsService } from '../../src/service';

const keys = generateKeyPair();
const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });

/** A bearer token for a tenant (news:read and news:write unless other scopes are given). */
export function tokenFor(tenantId: string, scopes = ['news:read', 'news:write']): Promise<string> {
  return signer.sign({ sub: `user-of-${tenantId}`, tenantId, scopes });
}

export interface NewsInstance {
  running: RunningService<unknown>;
  server: Server;
  stop(): Promise<number>;
}

export interface Names {
  schema: string;
  topic: string;
}

export function uniqueNames(): Names {
  return { schema: uniqueSchema('news'), topic: uniqueName('news.fetched') };
}

/** Boots the real news service in-process on its own schema and topic. */
export async function startNews(names: Names, env: Record<string, string> = {}): Promise<NewsInstance> {
  const infra = infraEnv();
  const running = await startService({ ...newsService, name: names.schema }, {
    handleSignals: false,
    host: '127.0.0.1',
    env: {
      PORT: '0',
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      JWT_PUBLIC_KEY: keys.publicKeyPem,
      LOG_LEVEL: 'error',
      TOPIC_NEWS_FETCHED: names.topic,
      KAFKA_TOPIC_PARTITIONS: '2',
      FEED_ALLOWED_HOSTS: '127.0.0.1',
      FETCH_TIMEOUT_MS: '5000',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
  });
  return { running: running as RunningService<unknown>, server: running.server, stop: () => running.stop() };
}

/** supertest with a bearer token. */
export function api(server: Server, token: string) {
  const auth = (req: request.Test) => req.set('authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(server).get(`/v1${path}`)),
    post: (path: string, body?: object) => auth(request(server).post(`/v1${path}`)).send(body),
    patch: (path: string, body: object) => auth(request(server).patch(`/v1${path}`)).send(body),
    delete: (path: string) => auth(request(server).delete(`/v1${path}`)),
    raw: (method: 'post', path: string) => auth(request(server)[method](`/v1${path}`)),
  };
}

/** Reads a topic from its beginning and keeps every event (with its Kafka key). */
export class EventCollector {
  readonly events: Array<{ key: string | undefined; value: NewsFetchedEvent; raw: unknown }> = [];
  private consumer: Consumer | undefined;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: uniqueName('news-test'), brokers: infraEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: uniqueName('news-test') });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const raw = JSON.parse(message.value!.toString('utf8')) as unknown;
        this.events.push({ key: message.key?.toString('utf8'), value: raw as NewsFetchedEvent, raw });
      },
    });
  }

  of(tenantId: string): NewsFetchedEvent[] {
    return this.events.map((e) => e.value).filter((e) => e.tenantId === tenantId);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export interface FeedItem {
  title: string;
  link: string;
  guid?: string;
  description: string;
  pubDate?: Date;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small RSS 2.0 document. */
export function rss(title: string, items: FeedItem[]): string {
  const entries = items.map((item) => [
    '<item>',
    `<title>${escape(item.title)}</title>`,
    `<link>${escape(item.link)}</link>`,
    item.guid ? `<guid isPermaLink="false">${escape(item.guid)}</guid>` : '',
    `<description>${escape(item.description)}</description>`,
    item.pubDate ? `<pubDate>${item.pubDate.toUTCString()}</pubDate>` : '',
    '</item>',
  ].join(''));
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escape(title)}</title><link>https://example.org/</link><language>en</language>${entries.join('')}</channel></rss>`;
}

/** `count` distinct, unrelated items on one site. */
export function items(site: string, count: number, now = new Date()): FeedItem[] {
  const topics = ['harbour dredging contract', 'regional rail timetable', 'museum roof repair', 'library opening hours', 'bicycle lane survey',
    'school canteen menu', 'river water quality', 'market hall lease', 'park tree planting', 'bridge paint schedule'];
  return Array.from({ length: count }, (_, i) => ({
    title: `${site} reports on the ${topics[i % topics.length]} number ${i + 1}`,
    link: `https://${site}/news/${i + 1}?utm_source=rss`,
    guid: `${site}-${i + 1}`,
    description: `The ${topics[i % topics.length]} (${i + 1}) was discussed by the council of ${site} on ${['Monday', 'Tuesday', 'Friday'][i % 3]} with ${i * 7 + 3} residents attending.`,
    pubDate: new Date(now.getTime() - (i + 1) * 3_600_000),
  }));
}
