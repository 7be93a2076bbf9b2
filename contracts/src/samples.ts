import { contracts, createEvent } from './contract';
import type { ArticleSummarizedEvent, NewsFetchedEvent, PostEngagementEvent, PostPublishedEvent } from './events';

const articleId = '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f';
const time = '2026-11-23T08:00:00.000Z';

/**
 * One valid example per topic: documentation for downstream teams (the AsyncAPI examples),
 * fixtures for tests and pacts. They are validated against the schemas in contracts' own tests.
 */
export const sampleEvents: {
  newsFetched: NewsFetchedEvent;
  articleSummarized: ArticleSummarizedEvent;
  postPublished: PostPublishedEvent;
  postEngagement: PostEngagementEvent;
} = {
  newsFetched: createEvent(contracts.newsFetched, {
    id: '0b6f1c2e-8d7a-4f3b-9e2d-5c4b3a291807',
    time,
    tenantId: 'acme',
    source: 'pulse/news',
    data: {
      articleId,
      sourceId: '5a1e7c3d-2b4f-4a6e-8d9c-0e1f2a3b4c5d',
      niche: 'technology',
      url: 'https://example.com/2026/11/23/chip-plant?utm_source=rss',
      canonicalUrl: 'https://example.com/2026/11/23/chip-plant',
      title: 'Chipmaker opens a 20 billion dollar plant in Ohio',
      lead: 'The plant will employ 3,000 people when it reaches full production in 2028.',
      content: 'The plant will employ 3,000 people when it reaches full production in 2028. Officials said construction took four years.',
      language: 'en',
      keywords: ['semiconductors', 'ohio'],
      publishedAt: '2026-11-23T07:45:00.000Z',
      fetchedAt: time,
      score: 0.82,
      clusterId: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      clusterSize: 3,
    },
  }),
  articleSummarized: createEvent(contracts.articleSummarized, {
    id: '1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918',
    time: '2026-11-23T08:00:02.000Z',
    tenantId: 'acme',
    source: 'pulse/llm',
    data: {
      articleId,
      niche: 'technology',
      url: 'https://example.com/2026/11/23/chip-plant',
      title: 'Chipmaker opens a 20 billion dollar plant in Ohio',
      language: 'en',
      summary: 'A chipmaker opened a $20B plant in Ohio that will employ 3,000 people by 2028.',
      facts: [{ statement: 'The plant will employ 3,000 people.', quote: 'The plant will employ 3,000 people', verified: true }],
      confidence: 1,
      variants: {
        casual: 'Ohio just got a $20B chip plant and 3,000 jobs.',
        formal: 'A $20 billion semiconductor plant has opened in Ohio.',
        question: 'What does a $20B chip plant mean for Ohio?',
        statistic: '3,000 jobs: Ohio’s new chip plant by the numbers.',
      },
      keywords: ['semiconductors', 'ohio'],
      model: 'claude-sonnet-4-5',
      promptVersion: 'summary-v1',
      truncated: false,
      usage: { inputTokens: 1200, outputTokens: 180, cacheReadTokens: 900, cacheWriteTokens: 0, costUsd: 0.0041 },
      fetchedAt: time,
      summarizedAt: '2026-11-23T08:00:02.000Z',
    },
  }),
  postPublished: createEvent(contracts.postPublished, {
    id: '2d8b3e4a-0f9c-4b5d-9a4f-7e6d5c4b3a29',
    time: '2026-11-23T08:00:03.000Z',
    tenantId: 'acme',
    source: 'pulse/social',
    data: {
      postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a',
      articleId,
      channelId: '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b',
      platform: 'mastodon',
      remoteId: '109876543210',
      remoteUrl: 'https://mastodon.example/@pulse/109876543210',
      text: 'Ohio just got a $20B chip plant and 3,000 jobs. https://example.com/2026/11/23/chip-plant #Technology',
      niche: 'technology',
      variant: 'casual',
      experimentId: 'technology-default',
      publishedAt: '2026-11-23T08:00:03.000Z',
      fetchedAt: time,
      summarizedAt: '2026-11-23T08:00:02.000Z',
    },
  }),
  postEngagement: createEvent(contracts.postEngagement, {
    id: '5a1e6b7d-3c2f-4e8a-8d7c-0b9a8f7e6d5c',
    time: '2026-11-23T09:00:03.000Z',
    tenantId: 'acme',
    source: 'pulse/social',
    data: {
      postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a',
      articleId,
      channelId: '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b',
      platform: 'mastodon',
      niche: 'technology',
      variant: 'casual',
      experimentId: 'technology-default',
      likes: 12,
      reposts: 4,
      replies: 3,
      measuredAt: '2026-11-23T09:00:03.000Z',
    },
  }),
};
