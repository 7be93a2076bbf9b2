import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import type { AnalyticsEvent } from '../src/domain/analytics-event';
import { toFactRow, type FactRow } from '../src/domain/fact-row';
import { toPostOutcome, type PostOutcome } from '../src/domain/post-outcome';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';

// analytics' expectations of `post.engagement` (provider: social): every field the v1 schema
// requires plus `variant` and `experimentId` (experiment results attribute engagement to the
// variant). `impressions` is left out: only X reports it, and social sends it only then. The
// interaction joins analytics-social.json beside the post.published one (one file per pair).
const consumer = 'analytics';
const provider = 'social';
const topic = contracts.postEngagement.topic;
const description = 'a post.engagement measurement of an experiment variant post';

const { like, integer, regex } = MatchersV3;
const { uuid, rfc3339, tenantId } = pactMatchers;

const expected = {
  specversion: '1.0',
  id: uuid('5a1e6b7d-3c2f-4e8a-8d7c-0b9a8f7e6d5c'),
  type: topic,
  version: 1,
  source: like('pulse/social'),
  time: rfc3339('2026-11-23T09:00:03.000Z'),
  tenantId: tenantId('acme'),
  data: {
    postId: uuid('3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a'),
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    channelId: uuid('4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b'),
    platform: regex(/^(mastodon|bluesky|x|linkedin|webhook)$/, 'mastodon'),
    niche: like('technology'),
    variant: like('casual'),
    experimentId: like('technology-default'),
    likes: integer(12),
    reposts: integer(4),
    replies: integer(3),
    measuredAt: rfc3339('2026-11-23T09:00:03.000Z'),
  },
};

/** The bus's contract validation, then what recordEvent derives: the fact and the outcome update. */
function decodeAsAnalyticsDoes(body: unknown): { fact: FactRow; outcome: PostOutcome | null } {
  const result = contracts.postEngagement.validate(body);
  if (!result.ok) throw new ValidationError('post.engagement failed its contract', result.errors);
  const event = result.value as AnalyticsEvent;
  return { fact: toFactRow(event), outcome: toPostOutcome(event) };
}

describe('analytics consumes post.engagement (pact with social)', () => {
  it('records the measurement as a fact and as the post outcome\'s newest counters', async () => {
    let decoded: ReturnType<typeof decodeAsAnalyticsDoes> | undefined;
    await messagePact({ consumer, provider })
      .given('a post of an experiment variant got likes, reposts and replies')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = decodeAsAnalyticsDoes(body);
      }));

    expect(decoded?.fact).toMatchObject({
      type: 'post.engagement', niche: 'technology', postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', platform: 'mastodon',
      variant: 'casual', experimentId: 'technology-default', likes: 12, reposts: 4, replies: 3, impressions: null,
      measuredAt: new Date('2026-11-23T09:00:03.000Z'),
    });
    expect(decoded?.outcome).toMatchObject({ publishedAt: null, likes: 12, reposts: 4, replies: 3, measuredAt: new Date('2026-11-23T09:00:03.000Z') });
  });

  it('keeps exactly this interaction for the topic in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.filter((m) => m.metadata.topic === topic).map((m) => m.description)).toEqual([description]);
  });

  it('rejects, as the bus would, a measurement with a negative counter', () => {
    const example = MatchersV3.reify(expected) as { data: Record<string, unknown> };
    expect(() => decodeAsAnalyticsDoes({ ...example, data: { ...example.data, likes: -1 } })).toThrow(ValidationError);
  });
});
