import { randomUUID } from 'node:crypto';
import type { AnyEvent, ArticleSummarizedEvent, NewsFetchedEvent, PostEngagementEvent, PostPublishedEvent } from './events';
import { compiledValidator, eventSchemas } from './schemas';

export type ValidationResult<E> = { ok: true; value: E } | { ok: false; errors: string[] };

/**
 * Everything the event bus needs to know about one topic: its name, the event type and version it
 * carries, how to validate an unknown value into the typed event, and the Kafka key.
 */
export interface EventContract<E extends AnyEvent = AnyEvent> {
  readonly topic: string;
  readonly type: E['type'];
  readonly version: number;
  validate(value: unknown): ValidationResult<E>;
  keyOf(event: E): string;
}

// The pipeline's events are keyed by article so all events about one article stay in order.
const byArticle = (event: AnyEvent): string => event.data.articleId;

function defineContract<E extends AnyEvent>(type: E['type'], version: 1, keyOf: (event: E) => string = byArticle): EventContract<E> {
  const validator = compiledValidator(eventSchemas[type][version]);
  return {
    topic: type,
    type,
    version,
    validate(value: unknown): ValidationResult<E> {
      const errors = validator(value);
      return errors ? { ok: false, errors } : { ok: true, value: value as E };
    },
    keyOf,
  };
}

/** Pulse's topics, each with its current schema version. */
export const contracts = {
  newsFetched: defineContract<NewsFetchedEvent>('news.fetched', 1),
  articleSummarized: defineContract<ArticleSummarizedEvent>('article.summarized', 1),
  postPublished: defineContract<PostPublishedEvent>('post.published', 1),
  // Keyed by post: one post's measurements stay in order on one partition (newest counters win),
  // and a busy article's posts on many channels spread over partitions.
  postEngagement: defineContract<PostEngagementEvent>('post.engagement', 1, (event) => event.data.postId),
} as const;

export const TOPICS = {
  newsFetched: contracts.newsFetched.topic,
  articleSummarized: contracts.articleSummarized.topic,
  postPublished: contracts.postPublished.topic,
  postEngagement: contracts.postEngagement.topic,
} as const;

/** The same contract on another topic name (tests use a unique topic each). */
export function withTopic<E extends AnyEvent>(contract: EventContract<E>, topic: string): EventContract<E> {
  return { ...contract, topic };
}

/** The dead-letter topic of a topic. */
export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Builds a full envelope around `data` (new uuid and current time unless given). */
export function createEvent<E extends AnyEvent>(
  contract: EventContract<E>,
  fields: { tenantId: string; source: string; data: E['data']; id?: string; time?: string },
): E {
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    type: contract.type,
    version: contract.version,
    source: fields.source,
    time: fields.time ?? new Date().toISOString(),
    tenantId: fields.tenantId,
    datacontenttype: 'application/json',
    data: fields.data,
  } as E;
}
