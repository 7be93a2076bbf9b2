import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts, createEvent, sampleEvents } from '@pulse/contracts';
import { messagePact, pactsDir, verifyMessageProvider } from '@pulse/testing';
import { encodeEvent } from '../src';
import { nicheCounter } from './fixtures/niche-counter';

// An example pair showing how services use the harness: an analytics-like consumer of
// news.fetched and a news-like provider. The names are the example's own, so they never mix with
// the pacts of the real services. Consumer first: it writes the pact the provider then verifies.
const consumer = 'bus-example-analytics';
const provider = 'bus-example-news';
const description = 'a news.fetched event for a newly fetched article';

describe('news.fetched message pact (consumer side)', () => {
  it('counts a fetched article from a news.fetched event shaped like the sample', async () => {
    const counter = nicheCounter();
    await messagePact({ consumer, provider })
      .given('an article was fetched')
      .expectsToReceive(description)
      .withContent(MatchersV3.like(sampleEvents.newsFetched))
      .verify(asynchronousBodyHandler((body) => counter.handle(body)));

    expect(counter.counts.get('acme/technology')).toBe(1);
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8'));
    expect(pact.messages.map((m: { description: string }) => m.description)).toContain(description);
  });

  it('rejects a body that breaks the news.fetched schema', async () => {
    const counter = nicheCounter();
    await expect(counter.handle({ ...sampleEvents.newsFetched, data: { articleId: 'x' } })).rejects.toMatchObject({ name: 'ValidationError' });
    expect(counter.counts.size).toBe(0);
  });
});

describe('news.fetched message pact (provider side)', () => {
  it('produces a message every consumer pact of the provider accepts', async () => {
    const verified = await verifyMessageProvider({
      provider,
      stateHandlers: { 'an article was fetched': async () => undefined },
      messageProviders: {
        // The provider builds and encodes the event exactly as EventProducer does before sending.
        [description]: () => {
          const event = createEvent(contracts.newsFetched, {
            tenantId: 'tenant-7', source: 'pulse/news',
            data: { ...sampleEvents.newsFetched.data, articleId: '6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d', niche: 'science' },
          });
          return JSON.parse(encodeEvent(contracts.newsFetched, event).value);
        },
      },
    });
    expect(verified.map((f) => path.basename(f))).toContain(`${consumer}-${provider}.json`);
  });
});
