import type { ArticleSummarizedEvent, EventEnvelope, NewsFetchedEvent, Platform, PostPublishedEvent } from '@pulse/contracts';

/**
 * data of the optional `post.engagement` event the social service may add: one measurement of a
 * post's cumulative engagement counters. A post is measured several times; the newest
 * measurement (`measuredAt`) replaces older ones, so counts are never added up across measurements.
 */
export interface PostEngagementData {
  postId: string;
  articleId: string;
  channelId: string;
  platform: Platform | string;
  niche: string;
  variant?: string;
  experimentId?: string;
  likes: number;
  reposts: number;
  replies: number;
  impressions?: number;
  measuredAt: string;
}

export type PostEngagementEvent = EventEnvelope<'post.engagement', PostEngagementData>;

/** Every event analytics stores as a fact. */
export type AnalyticsEvent = NewsFetchedEvent | ArticleSummarizedEvent | PostPublishedEvent | PostEngagementEvent;

export type FactType = AnalyticsEvent['type'];

export const FACT_TYPES: readonly FactType[] = ['news.fetched', 'article.summarized', 'post.published', 'post.engagement'];
