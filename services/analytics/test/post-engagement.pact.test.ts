import { MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples, pactMatchers } from '@pulse/testing';
import { toFactRow } from '../src/domain/fact-row';
import { toPostOutcome } from '../src/domain/post-outcome';

// analytics' expectations of `post.engagement` (provider: social): every field the v1 schema
// requires plus `variant` and `experimentId` (experiment results attribute engagement to the
// variant). `impressions` is left out: only X reports it, and social sends it only then. The
// interaction joins analytics-social.json beside the post.published one (one file per pair).
const { like, integer } = MatchersV3;
// The measured post is the sample post of post.published.
const { postId, articleId, channelId, platform, niche } = pactExamples.postPublished.data;

const pact = messagePactConsumer({
  consumer: 'analytics',
  provider: 'social',
  contract: contracts.postEngagement,
  given: 'a post of an experiment variant got likes, reposts and replies',
  description: 'a post.engagement measurement of an experiment variant post',
  id: '5a1e6b7d-3c2f-4e8a-8d7c-0b9a8f7e6d5c',
  time: '2026-11-23T09:00:03.000Z',
  data: {
    postId, articleId, channelId, platform, niche,
    variant: like('casual'),
    experimentId: like('technology-default'),
    likes: integer(12),
    reposts: integer(4),
    replies: integer(3),
    measuredAt: pactMatchers.rfc3339('2026-11-23T09:00:03.000Z'),
  },
  // What recordEvent derives: the fact and the outcome update.
  handle: (event) => ({ fact: toFactRow(event), outcome: toPostOutcome(event) }),
});

describe('analytics consumes post.engagement (pact with social)', () => {
  it('records the measurement as a fact and as the post outcome\'s newest counters', async () => {
    const decoded = await pact.verify();
    expect(decoded.fact).toMatchObject({
      type: 'post.engagement', niche: 'technology', postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', platform: 'mastodon',
      variant: 'casual', experimentId: 'technology-default', likes: 12, reposts: 4, replies: 3, impressions: null,
      measuredAt: new Date('2026-11-23T09:00:03.000Z'),
    });
    expect(decoded.outcome).toMatchObject({ publishedAt: null, likes: 12, reposts: 4, replies: 3, measuredAt: new Date('2026-11-23T09:00:03.000Z') });
  });

  it('keeps exactly this interaction for the topic in the pact file, so reruns leave it unchanged', () => {
    // The file also holds the post.published interaction (post-published.pact.test.ts).
    expect(pact.recordedMessages().filter((m) => m.topic === pact.topic)).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a measurement with a negative counter', async () => {
    await expect(pact.decode(pact.example({ data: { likes: -1 } }))).rejects.toThrow(ValidationError);
  });
});
