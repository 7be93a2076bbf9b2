import type { EventEnvelope } from './envelope';

/** data of `news.fetched` v1 (contracts/events/news.fetched.v1.schema.json). */
export interface NewsFetchedData {
  articleId: string;
  sourceId: string;
  niche: string;
  url: string;
  canonicalUrl: string;
  title: string;
  lead: string;
  content: string;
  language?: string;
  author?: string;
  keywords?: string[];
  publishedAt: string;
  fetchedAt: string;
  score: number;
  clusterId: string;
  clusterSize: number;
}

export interface SummaryFact {
  statement: string;
  quote: string;
  verified: boolean;
}

export type VariantName = 'casual' | 'formal' | 'question' | 'statistic';

/** data of `article.summarized` v1. */
export interface ArticleSummarizedData {
  articleId: string;
  niche: string;
  url: string;
  title: string;
  language?: string;
  summary: string;
  facts: SummaryFact[];
  confidence: number;
  variants: Partial<Record<VariantName, string>> & Record<string, string>;
  keywords?: string[];
  model: string;
  promptVersion: string;
  truncated: boolean;
  usage?: {
    inputTokens?: number;
    outputTokens?: number;
    cacheReadTokens?: number;
    cacheWriteTokens?: number;
    costUsd?: number;
  };
  fetchedAt: string;
  summarizedAt: string;
}

export type Platform = 'mastodon' | 'bluesky' | 'x' | 'linkedin' | 'webhook';
export const PLATFORMS: readonly Platform[] = ['mastodon', 'bluesky', 'x', 'linkedin', 'webhook'];

/** data of `post.published` v1. */
export interface PostPublishedData {
  postId: string;
  articleId: string;
  channelId: string;
  platform: Platform;
  remoteId: string;
  remoteUrl?: string;
  text: string;
  niche: string;
  variant?: string;
  experimentId?: string;
  scheduledAt?: string;
  publishedAt: string;
  fetchedAt?: string;
  summarizedAt?: string;
}

/**
 * data of `post.engagement` v1: one measurement of a published post's cumulative counters, sent
 * each time they change. The newest `measuredAt` wins; counters are totals, never increments.
 */
export interface PostEngagementData {
  postId: string;
  articleId: string;
  channelId: string;
  platform: Platform;
  niche: string;
  variant?: string;
  experimentId?: string;
  likes: number;
  reposts: number;
  replies: number;
  impressions?: number;
  measuredAt: string;
}

export type NewsFetchedEvent = EventEnvelope<'news.fetched', NewsFetchedData>;
export type ArticleSummarizedEvent = EventEnvelope<'article.summarized', ArticleSummarizedData>;
export type PostPublishedEvent = EventEnvelope<'post.published', PostPublishedData>;
export type PostEngagementEvent = EventEnvelope<'post.engagement', PostEngagementData>;
export type AnyEvent = NewsFetchedEvent | ArticleSummarizedEvent | PostPublishedEvent | PostEngagementEvent;
