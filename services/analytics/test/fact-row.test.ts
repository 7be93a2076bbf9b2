import { sampleEvents } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { toFactRow } from '../src/domain/fact-row';
import { engagement } from './support/events';

describe('toFactRow', () => {
  it('keeps the source of a fetched article and no latency (the pipeline starts there)', () => {
    const row = toFactRow(sampleEvents.newsFetched);
    expect(row).toMatchObject({
      eventId: sampleEvents.newsFetched.id,
      tenantId: 'acme',
      type: 'news.fetched',
      niche: 'technology',
      sourceId: sampleEvents.newsFetched.data.sourceId,
      articleId: sampleEvents.newsFetched.data.articleId,
      latencyMs: null,
      occurredAt: new Date(sampleEvents.newsFetched.time),
    });
  });

  it('keeps model, tokens, cost and fetch -> summary latency of a summary', () => {
    expect(toFactRow(sampleEvents.articleSummarized)).toMatchObject({
      type: 'article.summarized',
      model: 'claude-sonnet-4-5',
      costUsd: 0.0041,
      inputTokens: 1200,
      outputTokens: 180,
      latencyMs: 2000,
    });
  });

  it('keeps channel, variant, experiment and fetch -> publish latency of a post', () => {
    expect(toFactRow(sampleEvents.postPublished)).toMatchObject({
      type: 'post.published',
      postId: sampleEvents.postPublished.data.postId,
      platform: 'mastodon',
      variant: 'casual',
      experimentId: 'technology-default',
      latencyMs: 3000,
    });
  });

  it('keeps the counters of an engagement measurement', () => {
    const event = engagement(sampleEvents.postPublished, { likes: 3, reposts: 1, replies: 2, impressions: 90 }, '2026-11-23T09:00:00Z');
    expect(toFactRow(event)).toMatchObject({
      type: 'post.engagement',
      likes: 3,
      reposts: 1,
      replies: 2,
      impressions: 90,
      measuredAt: new Date('2026-11-23T09:00:00Z'),
    });
  });

  it('clamps a negative latency from clock skew to zero', () => {
    const skewed = { ...sampleEvents.articleSummarized, data: { ...sampleEvents.articleSummarized.data, summarizedAt: '2026-11-23T07:59:59.000Z' } };
    expect(toFactRow(skewed).latencyMs).toBe(0);
  });

  it('rejects an event it cannot store, listing every problem', () => {
    const broken = { ...sampleEvents.newsFetched, id: 'not-a-uuid', time: 'yesterday', data: { ...sampleEvents.newsFetched.data, niche: '' } };
    try {
      toFactRow(broken);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toHaveLength(3);
    }
  });

  it('rejects an engagement measurement with negative counters', () => {
    const event = engagement(sampleEvents.postPublished, { likes: -1 }, '2026-11-23T09:00:00Z');
    expect(() => toFactRow(event)).toThrow(ValidationError);
  });
});
