import { ValidationError } from '@pulse/errors';
import type { PostPublishedEvent } from '@pulse/contracts';
import type { AnalyticsEvent, FactType, PostEngagementEvent } from './analytics-event';

/** One row of `event_facts`: the numbers analytics keeps from an event (never its text). */
export interface FactRow {
  eventId: string;
  tenantId: string;
  type: FactType;
  niche: string;
  sourceId: string | null;
  articleId: string | null;
  postId: string | null;
  channelId: string | null;
  platform: string | null;
  variant: string | null;
  experimentId: string | null;
  model: string | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Milliseconds from the article's fetch to this event's own moment (summarizedAt, publishedAt). */
  latencyMs: number | null;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  impressions: number | null;
  measuredAt: Date | null;
  /** The envelope's `time`: stable across redeliveries, so it is part of the idempotency key. */
  occurredAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Maps an event to its fact row; rejects what cannot be stored (permanent: dead-letter it). */
export function toFactRow(event: AnalyticsEvent): FactRow {
  const errors: string[] = [];
  if (!UUID.test(event.id)) errors.push(`id must be a uuid, got ${JSON.stringify(event.id)}`);
  if (!event.tenantId) errors.push('tenantId is required');
  const occurredAt = parseTime(event.time, 'time', errors);
  const base = emptyRow(event, occurredAt);
  const row = fill(event, base, errors);
  for (const key of ['articleId', 'sourceId', 'postId'] as const) {
    const value = row[key];
    if (value !== null && !UUID.test(value)) errors.push(`data.${key} must be a uuid, got ${JSON.stringify(value)}`);
  }
  if (!row.niche) errors.push('data.niche is required');
  if (errors.length > 0) throw new ValidationError(`Event ${event.id} (${String(event.type)}) cannot be stored as a fact`, errors);
  return row;
}

function fill(event: AnalyticsEvent, row: FactRow, errors: string[]): FactRow {
  switch (event.type) {
    case 'news.fetched':
      return { ...row, sourceId: event.data.sourceId };
    case 'article.summarized': {
      const usage = event.data.usage;
      return {
        ...row,
        model: event.data.model,
        costUsd: usage?.costUsd ?? null,
        inputTokens: usage?.inputTokens ?? null,
        outputTokens: usage?.outputTokens ?? null,
        latencyMs: latencyBetween(event.data.fetchedAt, event.data.summarizedAt, errors),
      };
    }
    case 'post.published': {
      const d = event.data;
      return {
        ...row,
        ...postColumns(d),
        latencyMs: d.fetchedAt === undefined ? null : latencyBetween(d.fetchedAt, d.publishedAt, errors),
      };
    }
    case 'post.engagement':
      return fillEngagement(event, row, errors);
    default: {
      const unknown = event as { type?: unknown };
      errors.push(`type ${JSON.stringify(unknown.type)} is not an analytics fact`);
      return row;
    }
  }
}

function fillEngagement(event: PostEngagementEvent, row: FactRow, errors: string[]): FactRow {
  const d = event.data;
  for (const key of ['likes', 'reposts', 'replies'] as const) {
    if (!isCount(d[key])) errors.push(`data.${key} must be a non-negative integer`);
  }
  if (d.impressions !== undefined && !isCount(d.impressions)) errors.push('data.impressions must be a non-negative integer');
  return {
    ...row,
    ...postColumns(d),
    likes: d.likes,
    reposts: d.reposts,
    replies: d.replies,
    impressions: d.impressions ?? null,
    measuredAt: parseTime(d.measuredAt, 'data.measuredAt', errors),
  };
}

/** The post a post.published or post.engagement fact is about, and its experiment variant. */
function postColumns(d: PostEngagementEvent['data'] | PostPublishedEvent['data']): Pick<FactRow, 'postId' | 'channelId' | 'platform' | 'variant' | 'experimentId'> {
  return { postId: d.postId, channelId: d.channelId, platform: d.platform, variant: d.variant ?? null, experimentId: d.experimentId ?? null };
}

function emptyRow(event: AnalyticsEvent, occurredAt: Date): FactRow {
  const data = event.data as { articleId?: string; niche?: string };
  return {
    eventId: event.id,
    tenantId: event.tenantId,
    type: event.type,
    niche: data.niche ?? '',
    sourceId: null,
    articleId: data.articleId ?? null,
    postId: null,
    channelId: null,
    platform: null,
    variant: null,
    experimentId: null,
    model: null,
    costUsd: null,
    inputTokens: null,
    outputTokens: null,
    latencyMs: null,
    likes: null,
    reposts: null,
    replies: null,
    impressions: null,
    measuredAt: null,
    occurredAt,
  };
}

function parseTime(value: string, field: string, errors: string[]): Date {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) errors.push(`${field} must be an RFC 3339 time`);
  return date;
}

/** Clock skew between services can make the difference slightly negative: clamp at zero. */
function latencyBetween(from: string, to: string, errors: string[]): number | null {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    errors.push('fetchedAt and the event moment must be RFC 3339 times');
    return null;
  }
  return Math.max(0, end - start);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
