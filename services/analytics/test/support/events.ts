import { randomUUID } from 'node:crypto';
import { contracts, createEvent, sampleEvents } from '@pulse/contracts';
import type { ArticleSummarizedEvent, NewsFetchedEvent, PostEngagementEvent, PostPublishedEvent } from '@pulse/contracts';

const iso = (time: string | Date): string => new Date(time).toISOString();

export function fetched(o: { tenantId: string; time: string | Date; niche?: string; articleId?: string; sourceId?: string }): NewsFetchedEvent {
  return createEvent(contracts.newsFetched, {
    tenantId: o.tenantId,
    source: 'pulse/news',
    time: iso(o.time),
    data: {
      ...sampleEvents.newsFetched.data,
      articleId: o.articleId ?? randomUUID(),
      sourceId: o.sourceId ?? sampleEvents.newsFetched.data.sourceId,
      niche: o.niche ?? 'technology',
      fetchedAt: iso(o.time),
    },
  });
}

export function summarized(o: {
  tenantId: string;
  time: string | Date;
  fetchedAt?: string | Date;
  niche?: string;
  articleId?: string;
  costUsd?: number;
}): ArticleSummarizedEvent {
  return createEvent(contracts.articleSummarized, {
    tenantId: o.tenantId,
    source: 'pulse/llm',
    time: iso(o.time),
    data: {
      ...sampleEvents.articleSummarized.data,
      articleId: o.articleId ?? randomUUID(),
      niche: o.niche ?? 'technology',
      usage: { inputTokens: 1000, outputTokens: 100, costUsd: o.costUsd ?? 0.004 },
      fetchedAt: iso(o.fetchedAt ?? o.time),
      summarizedAt: iso(o.time),
    },
  });
}

export function published(o: {
  tenantId: string;
  time: string | Date;
  fetchedAt?: string | Date;
  niche?: string;
  articleId?: string;
  postId?: string;
  variant?: string;
  experimentId?: string;
}): PostPublishedEvent {
  return createEvent(contracts.postPublished, {
    tenantId: o.tenantId,
    source: 'pulse/social',
    time: iso(o.time),
    data: {
      ...sampleEvents.postPublished.data,
      postId: o.postId ?? randomUUID(),
      articleId: o.articleId ?? randomUUID(),
      niche: o.niche ?? 'technology',
      variant: o.variant ?? 'casual',
      experimentId: o.experimentId ?? 'technology-default',
      publishedAt: iso(o.time),
      fetchedAt: o.fetchedAt === undefined ? undefined : iso(o.fetchedAt),
    },
  });
}

/** A post.engagement measurement of `post` (a published event) taken at `measuredAt`. */
export function engagement(
  post: PostPublishedEvent,
  counts: { likes: number; reposts?: number; replies?: number; impressions?: number },
  measuredAt: string | Date,
): PostEngagementEvent {
  const d = post.data;
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'post.engagement',
    version: 1,
    source: 'pulse/social',
    time: iso(measuredAt),
    tenantId: post.tenantId,
    datacontenttype: 'application/json',
    data: {
      postId: d.postId,
      articleId: d.articleId,
      channelId: d.channelId,
      platform: d.platform,
      niche: d.niche,
      ...(d.variant === undefined ? {} : { variant: d.variant }),
      ...(d.experimentId === undefined ? {} : { experimentId: d.experimentId }),
      likes: counts.likes,
      reposts: counts.reposts ?? 0,
      replies: counts.replies ?? 0,
      ...(counts.impressions === undefined ? {} : { impressions: counts.impressions }),
      measuredAt: iso(measuredAt),
    },
  };
}
