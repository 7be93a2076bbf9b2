import { MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples, pactMatchers } from '@pulse/testing';
import { toFactRow } from '../src/domain/fact-row';
import { toPostOutcome } from '../src/domain/post-outcome';

// analytics' expectations of `post.published` (provider: social): every field the v1 schema
// requires (the bus validates the whole event) plus the optional fields analytics reads for a post
// of an experiment: `variant` and `experimentId` (experiment results) and `fetchedAt` (pipeline
// latency). The stable description keeps contracts/pacts/analytics-social.json identical on reruns.
const { like } = MatchersV3;

const pact = messagePactConsumer({
  consumer: 'analytics',
  provider: 'social',
  contract: contracts.postPublished,
  given: 'a post of an experiment variant was published',
  description: 'a post.published event for an experiment variant post',
  ...pactExamples.postPublished,
  data: {
    ...pactExamples.postPublished.data,
    variant: like('casual'),
    experimentId: like('technology-default'),
    fetchedAt: pactMatchers.rfc3339('2026-11-23T08:00:00.000Z'),
  },
  // What recordEvent derives before its SQL: the fact and the post's outcome row. The upserts need PostgreSQL.
  handle: (event) => ({ fact: toFactRow(event), outcome: toPostOutcome(event) }),
});

describe('analytics consumes post.published (pact with social)', () => {
  it('records the post.published message as a post fact with its variant, latency and outcome', async () => {
    const decoded = await pact.verify();
    expect(decoded.fact).toMatchObject({
      type: 'post.published', niche: 'technology', postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', platform: 'mastodon',
      variant: 'casual', experimentId: 'technology-default', latencyMs: 3000,
    });
    expect(decoded.outcome).toMatchObject({ channelId: '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b', publishedAt: new Date('2026-11-23T08:00:03.000Z') });
  });

  it('keeps exactly this interaction for the topic in the pact file, so reruns leave it unchanged', () => {
    // The file also holds the post.engagement interaction (post-engagement.pact.test.ts).
    expect(pact.recordedMessages().filter((m) => m.topic === pact.topic)).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message for a platform Pulse does not know', async () => {
    await expect(pact.decode(pact.example({ data: { platform: 'myspace' } }))).rejects.toThrow(ValidationError);
  });
});
