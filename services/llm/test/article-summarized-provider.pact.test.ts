import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageProviders } from '@pact-foundation/pact';
import { contracts, createEvent, sampleEvents, type ArticleSummarizedEvent, type NewsFetchedEvent } from '@pulse/contracts';
import { encodeEvent } from '@pulse/event-bus';
import { pactFilesFor, pactsDir, verifyMessageProvider } from '@pulse/testing';
import { configSchema } from '../src/config';
import { ExtractiveSummarizer } from '../src/domain';
import { articleFromEvent, metaFromEvent, summarizedData } from '../src/summarization/article-mapping';
import { EVENT_SOURCE } from '../src/summarization/summary-store';

// llm verifies every pact naming it with the message its real code builds: a news.fetched event
// mapped by articleFromEvent/metaFromEvent, summarized by the offline extractive summarizer (what
// llm runs without an API key, or when Claude is over budget), turned into the event data by
// summarizedData, wrapped as storeSummary does (createEvent with EVENT_SOURCE; that one line is
// inline in storeSummary, so it is repeated here) and encoded by encodeEvent, the bus's wire
// encoding that the outbox relay sends. No I/O: the summary tables are not involved in the bytes.
//
// The pacts are the files committed in contracts/pacts/ (consumers rewrite them identically on
// every run), so this verification does not depend on the consumers' tests running first.
const provider = 'llm';
const topic = contracts.articleSummarized.topic;
/** Who consumes article.summarized (ARCHITECTURE's table; contracts/test/pact-coverage.test.ts holds the full table). */
const consumersOfTopic = ['social', 'analytics', 'notification'];

/** The article.summarized event llm emits for `input`, as it goes on the wire. */
async function summarizedEventFor(input: NewsFetchedEvent): Promise<{ value: unknown; key: string }> {
  const article = articleFromEvent(input);
  const result = await new ExtractiveSummarizer().summarizeArticle(article, { name: article.niche, audience: `readers interested in ${article.niche}`, summaryWords: 60 });
  const meta = metaFromEvent(input);
  const event: ArticleSummarizedEvent = createEvent(contracts.articleSummarized, { tenantId: meta.tenantId, source: EVENT_SOURCE, data: summarizedData(result, meta, new Date()) });
  const encoded = encodeEvent(contracts.articleSummarized, event);
  return { value: JSON.parse(encoded.value), key: encoded.key };
}

function descriptionsIn(files: string[]): string[] {
  return files.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { messages: Array<{ description: string }> }).messages.map((m) => m.description));
}

describe('llm provides article.summarized (pact verification)', () => {
  it('has a pact from every consumer of article.summarized', () => {
    const files = pactFilesFor(provider).map((file) => path.basename(file));
    for (const consumer of consumersOfTopic) expect(files).toContain(`${consumer}-${provider}.json`);
  });

  it('produces an article.summarized message every consumer pact accepts', async () => {
    const { value, key } = await summarizedEventFor(sampleEvents.newsFetched);
    const productionTopic = configSchema.shape.TOPIC_ARTICLE_SUMMARIZED.parse(undefined);
    expect(productionTopic).toBe(topic);

    // llm sends one kind of message, so every description is answered with the real event; a
    // consumer expecting more than llm sends fails here.
    const messageProviders: MessageProviders = {};
    for (const description of descriptionsIn(pactFilesFor(provider))) {
      messageProviders[description] = () => ({ __pactMessageMetadata: { topic: productionTopic, key }, message: value });
    }
    const verified = await verifyMessageProvider({ provider, messageProviders });
    expect(verified.map((file) => path.relative(pactsDir(), file))).toEqual(expect.arrayContaining(consumersOfTopic.map((c) => `${c}-${provider}.json`)));
  }, 60_000);
});
