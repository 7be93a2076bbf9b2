import { MatchersV3 } from '@pact-foundation/pact';
import { contracts, type NewsFetchedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactMatchers } from '@pulse/testing';
import { ExtractiveSummarizer } from '../src/domain';
import { articleFromEvent, metaFromEvent } from '../src/summarization/article-mapping';

// llm's expectations of `news.fetched` (provider: news). The message holds what llm's decode path
// needs: every field the v1 schema requires (createConsumer validates the whole event with
// contracts.newsFetched and dead-letters anything less) plus the optional `language`, which llm
// reads. Matchers say what llm relies on (a uuid id, an RFC 3339 fetchedAt, a number score), not
// the sample's exact words. The description is stable: Pact merges by it, so reruns rewrite the
// same file (contracts/pacts/llm-news.json, committed). Its uuids are pact-js's own matcher (the
// committed file's rules), not pactMatchers.uuid.
const { like, regex, uuid, number, integer } = MatchersV3;
const { rfc3339, httpUrl } = pactMatchers;

/**
 * handleNewsFetched's pure mapping (articleFromEvent, metaFromEvent) and the offline extractive
 * summarizer the pipeline falls back to. The inbox, usage and summary tables need PostgreSQL.
 */
async function prepareAsLlmDoes(event: NewsFetchedEvent) {
  const article = articleFromEvent(event);
  const summarized = await new ExtractiveSummarizer().summarizeArticle(article, { name: article.niche, audience: 'readers', summaryWords: 40 });
  return { article, meta: metaFromEvent(event), summary: summarized.summary };
}

const pact = messagePactConsumer({
  consumer: 'llm',
  provider: 'news',
  contract: contracts.newsFetched,
  given: 'an English article was fetched',
  description: 'a news.fetched event for a newly fetched English article',
  id: uuid('0b6f1c2e-8d7a-4f3b-9e2d-5c4b3a291807'),
  time: '2026-11-23T08:00:00.000Z',
  data: {
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    sourceId: uuid('5a1e7c3d-2b4f-4a6e-8d9c-0e1f2a3b4c5d'),
    niche: like('technology'),
    url: httpUrl('https://example.com/2026/11/23/chip-plant?utm_source=rss'),
    canonicalUrl: httpUrl('https://example.com/2026/11/23/chip-plant'),
    title: like('Chipmaker opens a 20 billion dollar plant in Ohio'),
    lead: like('The plant will employ 3,000 people when it reaches full production in 2028.'),
    content: like('The plant will employ 3,000 people when it reaches full production in 2028. Officials said construction took four years.'),
    language: regex(/^[a-z]{2,3}$/, 'en'),
    publishedAt: rfc3339('2026-11-23T07:45:00.000Z'),
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
    score: number(0.82),
    clusterId: uuid('c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f'),
    clusterSize: integer(3),
  },
  handle: prepareAsLlmDoes,
});

describe('llm consumes news.fetched (pact with news)', () => {
  it('turns the news.fetched message into an article to summarize and its metadata', async () => {
    const decoded = await pact.verify();
    expect(decoded.article).toMatchObject({ id: '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f', tenantId: 'acme', niche: 'technology', language: 'en', score: 0.82 });
    expect(decoded.article.text).toContain('Officials said construction took four years.');
    expect(decoded.meta).toMatchObject({ url: 'https://example.com/2026/11/23/chip-plant?utm_source=rss', fetchedAt: '2026-11-23T08:00:00.000Z' });
    expect(decoded.summary.length).toBeGreaterThan(0);
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message that lacks what the schema requires', async () => {
    await expect(pact.decode({ specversion: '1.0', type: pact.topic, data: { articleId: 'x' } })).rejects.toBeInstanceOf(ValidationError);
  });
});
