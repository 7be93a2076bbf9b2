import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';
import { matchesFilter, subscriptionWants, type WebhookSubscription } from '../src/domain';

// notification's expectations of `article.summarized` (provider: llm). notification forwards the
// event as it is (webhook payload, live push) and routes it by tenant, type and niche; the message
// holds every field the v1 schema requires (the bus validates the whole event before the handler)
// with the routing fields tight. The stable description keeps
// contracts/pacts/notification-llm.json identical on reruns.
const consumer = 'notification';
const provider = 'llm';
const topic = contracts.articleSummarized.topic;
const description = 'an article.summarized event to push to the tenant';

const { like, regex, number, boolean, eachLike } = MatchersV3;
const { uuid, rfc3339, httpUrl, tenantId } = pactMatchers;

const expected = {
  specversion: '1.0',
  id: uuid('1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918'),
  type: topic,
  version: 1,
  source: like('pulse/llm'),
  time: rfc3339('2026-11-23T08:00:02.000Z'),
  tenantId: tenantId('acme'),
  data: {
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    niche: like('technology'),
    url: httpUrl('https://example.com/2026/11/23/chip-plant'),
    title: like('Chipmaker opens a 20 billion dollar plant in Ohio'),
    summary: like('A chipmaker opened a $20B plant in Ohio that will employ 3,000 people by 2028.'),
    facts: eachLike({ statement: like('The plant will employ 3,000 people.'), quote: like('The plant will employ 3,000 people'), verified: boolean(true) }, 0),
    confidence: number(1),
    variants: like({}),
    model: like('extractive'),
    promptVersion: like('extractive-v1'),
    truncated: boolean(false),
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
    summarizedAt: rfc3339('2026-11-23T08:00:02.000Z'),
  },
};

const subscription: WebhookSubscription = {
  id: 'sub-1', tenantId: 'acme', url: 'https://hooks.example/pulse', secret: 's', events: ['article.summarized'], niches: ['technology'], enabled: true,
};

/**
 * The bus's contract validation (createConsumer), then the routing liveEventHandler relies on:
 * which webhook subscriptions want it (subscriptionWants, the rule enqueueForEvent's SQL applies)
 * and which live clients see it (matchesFilter). The delivery rows and the Redis stream need I/O.
 */
function decodeAsNotificationDoes(body: unknown): { event: ArticleSummarizedEvent; webhook: boolean; live: boolean } {
  const result = contracts.articleSummarized.validate(body);
  if (!result.ok) throw new ValidationError('article.summarized failed its contract', result.errors);
  const event = result.value;
  return { event, webhook: subscriptionWants(subscription, event), live: matchesFilter(event, { niches: ['technology'], events: ['article.summarized'] }) };
}

describe('notification consumes article.summarized (pact with llm)', () => {
  it('routes the article.summarized message to the tenant\'s webhook subscription and live clients of its niche', async () => {
    let decoded: ReturnType<typeof decodeAsNotificationDoes> | undefined;
    await messagePact({ consumer, provider })
      .given('an article was summarized')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = decodeAsNotificationDoes(body);
      }));

    expect(decoded).toMatchObject({ webhook: true, live: true, event: { id: '1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918', tenantId: 'acme', data: { niche: 'technology' } } });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.map((m) => m.description)).toEqual([description]);
    expect(pact.messages[0]?.metadata.topic).toBe(topic);
  });

  it('rejects, as the bus would, a message without a niche to route by', () => {
    const example = MatchersV3.reify(expected) as { data: Record<string, unknown> };
    const { niche: _dropped, ...data } = example.data;
    expect(() => decodeAsNotificationDoes({ ...example, data })).toThrow(ValidationError);
  });
});
