import { randomBytes } from 'node:crypto';
import { createTokenSigner, generateKeyPair, type TokenSigner } from '@pulse/auth';
import { contracts, withTopic } from '@pulse/contracts';
import { createKafka, createProducer, type EventProducer } from '@pulse/event-bus';
import { createLogger } from '@pulse/observability';
import { startService, type RunningService } from '@pulse/service-runtime';
import { infraEnv, infraServiceEnv, uniqueName, uniqueSchema } from '@pulse/testing';
import { notificationService } from '../../src/service';
import type { LiveEvent } from '../../src/domain/live-event';

export const ALL_SCOPES = ['webhooks:read', 'webhooks:write', 'stream:read'];

/** The real notification service on 127.0.0.1:0 with unique topics, schema, groups and Redis prefix. */
export interface Harness {
  service: RunningService<unknown>;
  baseUrl: string;
  wsUrl: string;
  tokenFor(tenantId: string, scopes?: string[]): Promise<string>;
  /** Produces to the service's unique topic for the event's type, as the upstream service would. */
  produce(event: LiveEvent): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const infra = infraEnv();
  const keys = generateKeyPair();
  const signer: TokenSigner = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const topics = { 'article.summarized': uniqueName('test.article.summarized'), 'post.published': uniqueName('test.post.published') };
  const service = await startService(
    { ...notificationService, name: uniqueSchema('notification') },
    {
      handleSignals: false,
      host: '127.0.0.1',
      env: {
        PORT: '0',
        ...infraServiceEnv(),
        JWT_PUBLIC_KEY: keys.publicKeyPem,
        LOG_LEVEL: 'warn',
        TOPIC_ARTICLE_SUMMARIZED: topics['article.summarized'],
        TOPIC_POST_PUBLISHED: topics['post.published'],
        TOPIC_PARTITIONS: '1',
        CONSUMER_GROUP_PREFIX: uniqueName('notification-test'),
        LIVE_KEY_PREFIX: uniqueName('notification-test'),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_POLL_SECONDS: '1',
        ...env,
      },
    },
  );
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: uniqueName('notification-test-producer'), logger: createLogger({ service: 'test', level: 'warn' }) });
  const producer: EventProducer = createProducer({ kafka, logger: createLogger({ service: 'test', level: 'warn' }) });
  await producer.connect();
  const baseUrl = `http://127.0.0.1:${service.port}`;
  return {
    service,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${service.port}/ws`,
    tokenFor: (tenantId, scopes = ALL_SCOPES) => signer.sign({ sub: `user-${tenantId}`, tenantId, scopes }),
    produce: (event) =>
      event.type === 'article.summarized'
        ? producer.publish(withTopic(contracts.articleSummarized, topics['article.summarized']), event)
        : producer.publish(withTopic(contracts.postPublished, topics['post.published']), event),
    stop: async () => {
      await producer.disconnect();
      await service.stop();
    },
  };
}
