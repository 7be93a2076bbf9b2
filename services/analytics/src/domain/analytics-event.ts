import type { ArticleSummarizedEvent, NewsFetchedEvent, PostEngagementEvent, PostPublishedEvent } from '@pulse/contracts';

/**
 * `post.engagement` (produced by social, defined in @pulse/contracts): one measurement of a
 * post's cumulative counters. A post is measured several times; the newest measurement
 * (`measuredAt`) replaces older ones, so counts are never added up across measurements.
 */
export type { PostEngagementData, PostEngagementEvent } from '@pulse/contracts';

/** Every event analytics stores as a fact. */
export type AnalyticsEvent = NewsFetchedEvent | ArticleSummarizedEvent | PostPublishedEvent | PostEngagementEvent;

export type FactType = AnalyticsEvent['type'];

export const FACT_TYPES: readonly FactType[] = ['news.fetched', 'article.summarized', 'post.published', 'post.engagement'];
