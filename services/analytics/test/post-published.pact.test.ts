import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import type { AnalyticsEvent } from '../src/domain/analytics-event';
import { toFactRow, type FactRow } from '../src/domain/fact-row';
import { toPostOutcome, type PostOutcome } from '../src/domain/post-outcome';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';

// analytics' expectations of `post.published` (provider: social): every field the v1 schema
// requires (the bus validates the whole event) plus the optional fields analytics reads for a post
// of an experiment: `variant` and `experimentId` (experiment results) and `fetchedAt` (pipeline
// latency). The stable description keeps contracts/pacts/analytics-social.json identical on reruns.
const consumer = 'analytics';
const provider = 'social';
const topic = contracts.postPublished.topic;
const description = 'a post.published event for an experiment variant post';

const { like, regex } = MatchersV3;
const { uuid, rfc3339, tenantId } = pactMatchers;

const expected = {
  specversion: '1.0',
  id: uuid('2d8b3e4a-0f9c-4b5d-9a4f-7e6d5c4b3a29'),
  type: topic,
  version: 1,
  source: like('pulse/social'),
  time: rfc3339('2026-11-23T08:00:03.000Z'),
  tenantId: tenantId('acme'),
  data: {
    postId: uuid('3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a'),
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    channelId: uuid('4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b'),
    platform: regex(/^(mastodon|bluesky|x|linkedin|webhook)$/, 'mastodon'),
    remoteId: like('109876543210'),
    text: like('Ohio just got a $20B chip plant and 3,000 jobs.'),
    niche: like('technology'),
    variant: like('casual'),
    experimentId: like('technology-default'),
    publishedAt: rfc3339('2026-11-23T08:00:03.000Z'),
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
  },
};

/**
 * The bus's contract validation, then what recordEvent derives before its SQL: the fact
 * (toFactRow) and the post's outcome row (toPostOutcome). The upserts themselves need PostgreSQL.
 */
function decodeAsAnalyticsDoes(body: unknown): { fact: FactRow; outcome: PostOutcome | null } {
  const result = contracts.postPublished.validate(body);
  if (!result.ok) throw new ValidationError('post.published failed its contract', result.errors);
  const event = result.value as AnalyticsEvent;
  return { fact: toFactRow(event), outcome: toPostOutcome(event) };
}

describe('analytics consumes post.published (pact with social)', () => {
  it('records the post.published message as a post fact with its variant, latency and outcome', async () => {
    let decoded: ReturnType<typeof decodeAsAnalyticsDoes> | undefined;
    await messagePact({ consumer, provider })
      .given('a post of an experiment variant was published')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = decodeAsAnalyticsDoes(body);
      }));

    expect(decoded?.fact).toMatchObject({
      type: 'post.published', niche: 'technology', postId: '3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a', platform: 'mastodon',
      variant: 'casual', experimentId: 'technology-default', latencyMs: 3000,
    });
    expect(decoded?.outcome).toMatchObject({ channelId: '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b', publishedAt: new Date('2026-11-23T08:00:03.000Z') });
  });

  it('keeps exactly this interaction for the topic in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    // The file also holds the post.engagement interaction (post-engagement.pact.test.ts).
    expect(pact.messages.filter((m) => m.metadata.topic === topic).map((m) => m.description)).toEqual([description]);
  });

  it('rejects, as the bus would, a message for a platform Pulse does not know', () => {
    const example = MatchersV3.reify(expected) as { data: Record<string, unknown> };
    expect(() => decodeAsAnalyticsDoes({ ...example, data: { ...example.data, platform: 'myspace' } })).toThrow(ValidationError);
  });
});
