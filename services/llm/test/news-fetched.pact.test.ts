import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts, type NewsFetchedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir } from '@pulse/testing';
import { ExtractiveSummarizer } from '../src/domain';
import type { ArticleInput } from '../src/domain/summary.types';
import { articleFromEvent, metaFromEvent, type ArticleMeta } from '../src/summarization/article-mapping';

// llm's expectations of `news.fetched` (provider: news). The message holds what llm's decode path
// needs: every field the v1 schema requires (createConsumer validates the whole event with
// contracts.newsFetched and dead-letters anything less) plus the optional `language`, which llm
// reads. Matchers say what llm relies on (a uuid id, an RFC 3339 fetchedAt, a number score), not
// the sample's exact words. The description is stable: Pact merges by it, so reruns rewrite the
// same file (contracts/pacts/llm-news.json, committed).
const consumer = 'llm';
const provider = 'news';
const topic = contracts.newsFetched.topic;
const description = 'a news.fetched event for a newly fetched English article';

const { like, regex, uuid, number, integer } = MatchersV3;
const rfc3339 = (example: string) => regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, example);
const httpUrl = (example: string) => regex(/^https?:\/\/\S+$/, example);

const expected = {
  specversion: '1.0',
  id: uuid('0b6f1c2e-8d7a-4f3b-9e2d-5c4b3a291807'),
  type: topic,
  version: 1,
  source: like('pulse/news'),
  time: rfc3339('2026-11-23T08:00:00.000Z'),
  tenantId: regex(/^[A-Za-z0-9_-]{1,64}$/, 'acme'),
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
};

/**
 * What llm's news.fetched consumer does before any I/O: the bus's contract validation
 * (contracts.newsFetched.validate, as createConsumer's decode), then handleNewsFetched's pure
 * mapping (articleFromEvent, metaFromEvent) and the offline extractive summarizer the pipeline
 * falls back to. The inbox, usage and summary tables need PostgreSQL and are not exercised here.
 */
async function decodeAsLlmDoes(body: unknown): Promise<{ article: ArticleInput; meta: ArticleMeta; summary: string }> {
  const result = contracts.newsFetched.validate(body);
  if (!result.ok) throw new ValidationError('news.fetched failed its contract', result.errors);
  const event: NewsFetchedEvent = result.value;
  const article = articleFromEvent(event);
  const summarized = await new ExtractiveSummarizer().summarizeArticle(article, { name: article.niche, audience: 'readers', summaryWords: 40 });
  return { article, meta: metaFromEvent(event), summary: summarized.summary };
}

describe('llm consumes news.fetched (pact with news)', () => {
  it('turns the news.fetched message into an article to summarize and its metadata', async () => {
    let decoded: Awaited<ReturnType<typeof decodeAsLlmDoes>> | undefined;
    await messagePact({ consumer, provider })
      .given('an English article was fetched')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = await decodeAsLlmDoes(body);
      }));

    expect(decoded?.article).toMatchObject({ id: '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f', tenantId: 'acme', niche: 'technology', language: 'en', score: 0.82 });
    expect(decoded?.article.text).toContain('Officials said construction took four years.');
    expect(decoded?.meta).toMatchObject({ url: 'https://example.com/2026/11/23/chip-plant?utm_source=rss', fetchedAt: '2026-11-23T08:00:00.000Z' });
    expect(decoded?.summary.length).toBeGreaterThan(0);
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.map((m) => m.description)).toEqual([description]);
    expect(pact.messages[0]?.metadata.topic).toBe(topic);
  });

  it('rejects, as the bus would, a message that lacks what the schema requires', async () => {
    await expect(decodeAsLlmDoes({ specversion: '1.0', type: topic, data: { articleId: 'x' } })).rejects.toBeInstanceOf(ValidationError);
  });
});
