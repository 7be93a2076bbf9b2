import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts, type PostPublishedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';
import { matchesFilter, subscriptionWants, type WebhookSubscription } from '../src/domain';

// notification's expectations of `post.published` (provider: social). notification forwards the
// event as it is and routes it by tenant, type and niche; the message holds every field the v1
// schema requires (the bus validates the whole event before the handler). The stable description
// keeps contracts/pacts/notification-social.json identical on reruns.
const consumer = 'notification';
const provider = 'social';
const topic = contracts.postPublished.topic;
const description = 'a post.published event to push to the tenant';

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
    publishedAt: rfc3339('2026-11-23T08:00:03.000Z'),
  },
};

const subscription: WebhookSubscription = {
  id: 'sub-1', tenantId: 'acme', url: 'https://hooks.example/pulse', secret: 's', events: ['post.published'], niches: ['technology'], enabled: true,
};

/**
 * The bus's contract validation (createConsumer), then the routing liveEventHandler relies on:
 * subscriptionWants (the rule enqueueForEvent's SQL applies) and matchesFilter (live clients).
 * The delivery rows and the Redis stream need I/O.
 */
function decodeAsNotificationDoes(body: unknown): { event: PostPublishedEvent; webhook: boolean; live: boolean } {
  const result = contracts.postPublished.validate(body);
  if (!result.ok) throw new ValidationError('post.published failed its contract', result.errors);
  const event = result.value;
  return { event, webhook: subscriptionWants(subscription, event), live: matchesFilter(event, { niches: ['technology'], events: ['post.published'] }) };
}

describe('notification consumes post.published (pact with social)', () => {
  it('routes the post.published message to the tenant\'s webhook subscription and live clients of its niche', async () => {
    let decoded: ReturnType<typeof decodeAsNotificationDoes> | undefined;
    await messagePact({ consumer, provider })
      .given('a post was published')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = decodeAsNotificationDoes(body);
      }));

    expect(decoded).toMatchObject({ webhook: true, live: true, event: { tenantId: 'acme', data: { niche: 'technology', platform: 'mastodon' } } });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.map((m) => m.description)).toEqual([description]);
    expect(pact.messages[0]?.metadata.topic).toBe(topic);
  });

  it('rejects, as the bus would, a message whose time is not RFC 3339', () => {
    const example = MatchersV3.reify(expected) as Record<string, unknown>;
    expect(() => decodeAsNotificationDoes({ ...example, time: 'yesterday' })).toThrow(ValidationError);
  });
});
