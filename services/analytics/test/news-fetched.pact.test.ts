import { MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactMatchers } from '@pulse/testing';
import { toFactRow } from '../src/domain/fact-row';

// analytics' expectations of `news.fetched` (provider: news). The message holds every field the v1
// schema requires (the bus validates the whole event with contracts.newsFetched and dead-letters
// anything less); the matchers are tight only where analytics relies on a form: uuids for the
// event, article and source ids (toFactRow rejects others), an RFC 3339 `time` (part of the fact's
// idempotency key). The description is stable so reruns rewrite contracts/pacts/analytics-news.json
// identically.
const { like, number, integer } = MatchersV3;
const { uuid, rfc3339, httpUrl } = pactMatchers;

const pact = messagePactConsumer({
  consumer: 'analytics',
  provider: 'news',
  contract: contracts.newsFetched,
  given: 'an article was fetched',
  description: 'a news.fetched event for a newly fetched article',
  id: '0b6f1c2e-8d7a-4f3b-9e2d-5c4b3a291807',
  time: '2026-11-23T08:00:00.000Z',
  data: {
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    sourceId: uuid('5a1e7c3d-2b4f-4a6e-8d9c-0e1f2a3b4c5d'),
    niche: like('technology'),
    url: httpUrl('https://example.com/2026/11/23/chip-plant'),
    canonicalUrl: httpUrl('https://example.com/2026/11/23/chip-plant'),
    title: like('Chipmaker opens a 20 billion dollar plant in Ohio'),
    lead: like('The plant will employ 3,000 people.'),
    content: like('The plant will employ 3,000 people.'),
    publishedAt: rfc3339('2026-11-23T07:45:00.000Z'),
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
    score: number(0.82),
    clusterId: uuid('c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f'),
    clusterSize: integer(3),
  },
  // The fact mapping factRecorder stores; recordEvent's INSERT needs PostgreSQL.
  handle: toFactRow,
});

describe('analytics consumes news.fetched (pact with news)', () => {
  it('records the news.fetched message as an article fact of its source and niche', async () => {
    expect(await pact.verify()).toMatchObject({
      type: 'news.fetched', tenantId: 'acme', niche: 'technology',
      articleId: '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f', sourceId: '5a1e7c3d-2b4f-4a6e-8d9c-0e1f2a3b4c5d',
      occurredAt: new Date('2026-11-23T08:00:00.000Z'),
    });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message whose source id is not a uuid', async () => {
    await expect(pact.decode(pact.example({ data: { sourceId: 'feed-1' } }))).rejects.toThrow(ValidationError);
  });
});
