import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTokenSigner, generateKeyPair, type TokenSigner } from '@pulse/auth';
import { contracts, createEvent, sampleEvents, type ArticleSummarizedEvent, type PostPublishedEvent } from '@pulse/contracts';
import { startService, type RunningService } from '@pulse/service-runtime';
import { infraEnv, infraServiceEnv, uniqueName, uniqueSchema, waitFor } from '@pulse/testing';
import { socialService } from '../../src/service';

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/**
 * Boots the real social service in-process against the shared Kafka/PostgreSQL/Redis, on its
 * own schema and topics, with a producer for summaries and a collector of post.published.
 */
export class SocialHarness {
  readonly schema = uniqueSchema('social');
  readonly inTopic = uniqueName('social-in');
  readonly outTopic = uniqueName('social-out');
  readonly engagementTopic = uniqueName('social-engagement');
  readonly published: PostPublishedEvent[] = [];
  /** Every API response body, to prove no secret ever leaves. */
  readonly responses: string[] = [];
  service!: RunningService<unknown>;
  readonly replicas: Array<RunningService<unknown>> = [];
  db!: DataSource;
  private env: Record<string, string> = {};
  private signer!: TokenSigner;
  private producer!: Producer;
  private consumer!: Consumer;

  async start(env: Record<string, string> = {}): Promise<void> {
    const infra = infraEnv();
    const keys = generateKeyPair();
    this.signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
    this.env = {
        PORT: '0',
        ...infraServiceEnv(),
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        LOG_LEVEL: 'error',
        CREDENTIALS_ENCRYPTION_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
        TOPIC_ARTICLE_SUMMARIZED: this.inTopic,
        TOPIC_POST_PUBLISHED: this.outTopic,
        TOPIC_POST_ENGAGEMENT: this.engagementTopic,
        // One partition: events are handled in the order they were sent.
        TOPIC_PARTITIONS: '1',
        CONSUMER_GROUP_ARTICLE_SUMMARIZED: uniqueName('social-group'),
        DISPATCH_CRON: '* * * * * *',
        RETRY_BASE_SECONDS: '0.2',
        RETRY_CAP_SECONDS: '5',
        ...env,
    };
    this.service = await this.boot();
    this.db = new DataSource({ type: 'postgres', url: infra.databaseUrl, schema: this.schema, extra: { max: 2 } });
    await this.db.initialize();
    const kafka = new Kafka({ clientId: uniqueName('social-test'), brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer();
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId: uniqueName('social-test-out'), maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.outTopic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.published.push(JSON.parse(message.value?.toString('utf8') ?? 'null') as PostPublishedEvent);
      },
    });
  }

  /** Another replica of the same service: same schema, topics and consumer group. */
  async startReplica(): Promise<RunningService<unknown>> {
    const replica = await this.boot();
    this.replicas.push(replica);
    return replica;
  }

  private boot(): Promise<RunningService<unknown>> {
    return startService({ ...socialService, name: this.schema }, { handleSignals: false, host: '127.0.0.1', env: this.env });
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.service?.stop();
    if (this.db?.isInitialized) {
      await this.db.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
      await this.db.destroy();
    }
  }

  token(tenantId: string, scopes = ['posts:read', 'posts:write', 'channels:read', 'channels:write']): Promise<string> {
    return this.signer.sign({ sub: `user-${tenantId}`, tenantId, scopes });
  }

  /** One API call as `tenantId`; records the body. */
  async api(tenantId: string, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: unknown, scopes?: string[]): Promise<ApiResponse> {
    const token = await this.token(tenantId, scopes);
    let call = request(this.service.server)[method](path).set('authorization', `Bearer ${token}`);
    if (body !== undefined) call = call.send(body as object);
    const response = await call;
    this.responses.push(response.text);
    return { status: response.status, body: response.body, text: response.text };
  }

  /** A summary event for `tenantId` about a new article (sample data, fresh ids). */
  summary(tenantId: string, niche: string, overrides: Partial<ArticleSummarizedEvent['data']> = {}): ArticleSummarizedEvent {
    const sample = sampleEvents.articleSummarized.data;
    return createEvent(contracts.articleSummarized, {
      tenantId,
      source: 'pulse/llm',
      data: { ...sample, articleId: randomUUID(), niche, url: `https://news.example.com/${randomUUID()}`, fetchedAt: new Date(Date.now() - 5_000).toISOString(), summarizedAt: new Date().toISOString(), ...overrides },
    });
  }

  async send(...events: ArticleSummarizedEvent[]): Promise<void> {
    await this.producer.send({
      topic: this.inTopic,
      messages: events.map((e) => ({ key: e.data.articleId, value: JSON.stringify(e) })),
    });
  }

  /** Waits for the post of an article to exist and satisfy `until` (via the API, as the tenant). */
  async waitForPost(tenantId: string, articleId: string, until: (post: any) => boolean, what: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return waitFor(async () => {
      const list = await this.api(tenantId, 'get', `/v1/posts?articleId=${articleId}`);
      const post = list.body.items?.[0];
      return post !== undefined && until(post) ? post : undefined;
    }, { what, timeoutMs: 30_000, intervalMs: 100 });
  }
}

/** A Mastodon channel body pointing at a fake instance. */
export function mastodonChannel(instanceUrl: string, accessToken: string, extra: Record<string, unknown> = {}) {
  return { platform: 'mastodon', name: uniqueName('masto'), credentials: { accessToken, instanceUrl }, niches: ['technology'], ...extra };
}
