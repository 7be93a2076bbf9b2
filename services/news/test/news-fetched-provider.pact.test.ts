import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageProviders } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { pactFilesFor, pactsDir, verifyMessageProvider, waitFor } from '@pulse/testing';
import { configSchema } from '../src/config';
import { api, EventCollector, items, rss, startNews, tokenFor, uniqueNames, type NewsInstance } from './support/news-harness';

// news verifies every pact naming it against the bytes it really puts on Kafka: the real service
// (own schema and topic) fetches a loopback feed, ArticleIngester builds the event and enqueues it
// in the outbox, the relay publishes it, and the test reads it back off the topic. Nothing here
// rebuilds the event by hand, so a change to the ingester's event mapping is what gets verified.
//
// The pacts are the files committed in contracts/pacts/ (consumers rewrite them identically on
// every run), so this verification does not depend on the consumers' tests running first.
const provider = 'news';
const topic = contracts.newsFetched.topic;
/** Who consumes news.fetched (ARCHITECTURE's table; contracts/test/pact-coverage.test.ts holds the full table). */
const consumersOfTopic = ['llm', 'analytics'];

const names = uniqueNames();
let news: NewsInstance;
let feeds: FakeFeedServer;
let collector: EventCollector;

beforeAll(async () => {
  feeds = await startFeedServer();
  news = await startNews(names, { FETCH_WORKER_ENABLED: 'false', SOURCE_CREDENTIALS_KEY: randomBytes(32).toString('base64') });
  collector = new EventCollector(names.topic);
  await collector.start();
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  await news?.stop();
  await feeds?.close();
}, 60_000);

/** One news.fetched event as it arrived on Kafka (value parsed, key as sent), for an English feed item. */
async function fetchedEventOffKafka(): Promise<{ value: unknown; key: string | undefined }> {
  const tenantId = `pact-${randomUUID()}`;
  const token = await tokenFor(tenantId);
  feeds.serve('/pact.rss', { body: rss('Pact feed', items('pact.example', 1)) });
  const created = await api(news.server, token).post('/sources', { url: feeds.urlFor('/pact.rss'), niche: 'technology', authorityWeight: 0.8 });
  expect(created.status).toBe(201);
  const refreshed = await api(news.server, token).post(`/sources/${created.body.id as string}/refresh`);
  expect(refreshed.body).toMatchObject({ outcome: 'fetched', newArticles: 1 });
  const received = await waitFor(() => collector.events.find((e) => e.value.tenantId === tenantId), { what: 'the news.fetched event on Kafka' });
  return { value: received.raw, key: received.key };
}

/** Every interaction description in the pacts naming this provider. */
function descriptionsIn(files: string[]): string[] {
  return files.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { messages: Array<{ description: string }> }).messages.map((m) => m.description));
}

describe('news provides news.fetched (pact verification)', () => {
  it('has a pact from every consumer of news.fetched', () => {
    const files = pactFilesFor(provider).map((file) => path.basename(file));
    for (const consumer of consumersOfTopic) expect(files).toContain(`${consumer}-${provider}.json`);
  });

  it('produces on Kafka a news.fetched message every consumer pact accepts', async () => {
    const { value, key } = await fetchedEventOffKafka();
    // The service's production topic is its config default; the test ran on a unique one.
    const productionTopic = configSchema.shape.TOPIC_NEWS_FETCHED.parse(undefined);
    expect(productionTopic).toBe(topic);

    // news sends one kind of message, so every description (whatever consumer wrote it) is
    // answered with the real event; a consumer expecting more than news sends fails here.
    const messageProviders: MessageProviders = {};
    for (const description of descriptionsIn(pactFilesFor(provider))) {
      messageProviders[description] = () => ({ __pactMessageMetadata: { topic: productionTopic, key: key ?? '' }, message: value });
    }
    const verified = await verifyMessageProvider({ provider, messageProviders });
    expect(verified.map((file) => path.relative(pactsDir(), file)).sort()).toEqual(expect.arrayContaining(consumersOfTopic.map((c) => `${c}-${provider}.json`)));
  }, 90_000);
});
