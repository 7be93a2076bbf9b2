/**
 * The whole system, end to end: a user sets up a webhook, a Mastodon channel, live streams and a
 * news source through the gateway; the feed's three articles must come out as three summaries,
 * three Mastodon statuses, signed webhooks, live events, valid Kafka events for downstream teams
 * and analytics counts — once each, for that tenant only, on one trace.
 */
import { contracts, type AnyEvent, type EventContract } from '@pulse/contracts';
import { infraEnv, waitFor } from '@pulse/testing';
import {
  EventTap, LiveSocket, SseStream, holdsFor, newTraceparent, startPipelineSystem, traceIdOf, verifyPulseSignature,
  type PipelineSystem, type TappedRecord, type TenantSession,
} from '../src';

const ARTICLES = 3;
// First events need every consumer group joined and three staged Claude calls per article.
const PIPELINE_TIMEOUT_MS = 120_000;
jest.setTimeout(PIPELINE_TIMEOUT_MS + 30_000);

let system: PipelineSystem;
let tenant: TenantSession;
let stranger: TenantSession;
let tap: EventTap;
let sse: SseStream;
let strangerSse: SseStream;
let socket: LiveSocket;
let webhookSecret: string;
let sourceId: string;
let channelId: string;
let refreshTraceId: string;
let refreshParentSpanId: string;

beforeAll(async () => {
  system = await startPipelineSystem();
  tenant = await system.session();
  stranger = await system.session();

  const subscription = await tenant.api.expect(201, 'POST', '/api/v1/webhooks', {
    body: { url: system.webhookEndpoint.url, events: ['article.summarized', 'post.published'] },
  });
  webhookSecret = subscription.secret;
  const channel = await tenant.api.expect(201, 'POST', '/api/v1/channels', {
    body: { platform: 'mastodon', name: 'Pulse tech on Mastodon', credentials: { accessToken: system.mastodon.token }, niches: ['technology'] },
  });
  channelId = channel.id;

  [sse, strangerSse, socket] = await Promise.all([openSse(tenant), openSse(stranger), openSocket(tenant)]);
  const { topics } = system.names;
  tap = new EventTap(infraEnv().kafkaBrokers, [topics.newsFetched, topics.articleSummarized, topics.postPublished]);
  await tap.start();

  const source = await tenant.api.expect(201, 'POST', '/api/v1/sources', {
    body: { url: system.feed.urlFor(system.feedPath), niche: 'technology', title: 'E2E technology feed' },
  });
  sourceId = source.id;
  // The caller starts the trace: everything the refresh causes must continue it.
  const trace = newTraceparent();
  refreshTraceId = trace.traceId;
  refreshParentSpanId = trace.spanId;
  const refresh = await tenant.api.expect(200, 'POST', `/api/v1/sources/${sourceId}/refresh`, { headers: { traceparent: trace.traceparent } });
  expect(refresh).toMatchObject({ outcome: 'fetched', newArticles: ARTICLES, failedItems: 0 });
}, 180_000);

afterAll(async () => {
  for (const client of [sse, strangerSse, socket]) client?.close();
  await tap?.stop();
  await system?.stop();
}, 60_000);

async function openSse(session: TenantSession): Promise<SseStream> {
  const { ticket } = await session.api.expect(201, 'POST', '/api/v1/stream/tickets');
  return SseStream.open(`${system.gatewayUrl}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
}

async function openSocket(session: TenantSession): Promise<LiveSocket> {
  const { ticket } = await session.api.expect(201, 'POST', '/api/v1/stream/tickets');
  return LiveSocket.open(`${session.wsBase}/ws?ticket=${encodeURIComponent(ticket)}`);
}

const statusPosts = () => system.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
const eventsOf = (topic: string) => tap.of(topic).map((record) => record.value as AnyEvent);
const idsOf = (events: Array<{ id: string }>) => events.map((event) => event.id).sort();
const articleIdsOf = (records: TappedRecord[]) => records.map((r) => (r.value as { data: { articleId: string } }).data.articleId).sort();

type FinishedSpan = ReturnType<PipelineSystem['spans']['getFinishedSpans']>[number];
const tracedSpans = () => system.spans.getFinishedSpans().filter((span) => span.spanContext().traceId === refreshTraceId);
const consumerOf = (span: FinishedSpan) =>
  `${String(span.attributes['messaging.destination.name'])} by ${String(span.attributes['messaging.consumer.group.name'])}`;

/** Waits for `count` records on a topic; the pipeline is done with a stage when its topic has them all. */
function recordsOn(topic: string, count = ARTICLES): Promise<TappedRecord[]> {
  return waitFor(() => (tap.of(topic).length >= count ? tap.of(topic) : undefined), { timeoutMs: PIPELINE_TIMEOUT_MS, what: `${count} records on ${topic}` });
}

function expectValidRecords(records: TappedRecord[], contract: EventContract): void {
  for (const record of records) {
    const result = contract.validate(record.value);
    expect(result.ok ? [] : result.errors).toEqual([]);
    const event = record.value as AnyEvent & { data: { articleId: string } };
    expect(event.tenantId).toBe(tenant.tenantId);
    expect(record.key).toBe(event.data.articleId);
  }
}

describe('the Pulse pipeline through the gateway', () => {
  it('posts every article of the feed to the Mastodon channel exactly once', async () => {
    await waitFor(() => system.mastodon.statuses.length >= ARTICLES, { timeoutMs: PIPELINE_TIMEOUT_MS, what: '3 Mastodon statuses' });
    const published = await waitFor(async () => {
      const { body } = await tenant.api.get('/api/v1/posts?status=published');
      return body.items?.length === ARTICLES ? body.items : undefined;
    }, { what: '3 published posts in the API' });

    expect(system.mastodon.statuses).toHaveLength(ARTICLES);
    expect(new Set(statusPosts().map((r) => r.headers['idempotency-key'])).size).toBe(ARTICLES);
    for (const post of published) {
      expect(post).toMatchObject({ channelId, platform: 'mastodon', niche: 'technology', status: 'published' });
      const status = system.mastodon.statuses.find((s) => s.id === post.remoteId);
      expect(status?.text).toBe(post.text);
    }
    const links = system.feedItems.map((item) => item.link);
    expect(system.mastodon.statuses.map((s) => links.find((link) => s.text.includes(link))).filter(Boolean).sort()).toEqual([...links].sort());
  });

  it('hands downstream consumers three valid events per topic, one per article, keyed by article', async () => {
    const { topics } = system.names;
    const fetched = await recordsOn(topics.newsFetched);
    const summarized = await recordsOn(topics.articleSummarized);
    const published = await recordsOn(topics.postPublished);

    expectValidRecords(fetched, contracts.newsFetched);
    expectValidRecords(summarized, contracts.articleSummarized);
    expectValidRecords(published, contracts.postPublished);
    expect(fetched).toHaveLength(ARTICLES);
    expect(summarized).toHaveLength(ARTICLES);
    expect(published).toHaveLength(ARTICLES);
    const articleIds = articleIdsOf(fetched);
    expect(new Set(articleIds).size).toBe(ARTICLES);
    expect(articleIdsOf(summarized)).toEqual(articleIds);
    expect(articleIdsOf(published)).toEqual(articleIds);

    // Summarized by Claude (the fake Messages API), not by the offline fallback.
    expect(summarized.map((r) => (r.value as { data: { model: string } }).data.model)).toEqual(Array(ARTICLES).fill('claude-sonnet-4-5'));
    expect(system.anthropic.messageRequests().length).toBeGreaterThanOrEqual(ARTICLES);

    const { body: articles } = await tenant.api.get('/api/v1/articles');
    expect(articles.items.map((a: { id: string }) => a.id).sort()).toEqual(articleIds);
  });

  it('delivers a signed webhook for every summary and every post', async () => {
    const { topics } = system.names;
    await recordsOn(topics.articleSummarized);
    await recordsOn(topics.postPublished);
    const expected = [...idsOf(eventsOf(topics.articleSummarized)), ...idsOf(eventsOf(topics.postPublished))].sort();
    const deliveries = await waitFor(() => {
      const ok = system.webhookEndpoint.received.filter((r) => r.answeredWith === 200);
      return ok.length >= ARTICLES * 2 ? ok : undefined;
    }, { timeoutMs: PIPELINE_TIMEOUT_MS, what: '6 webhook deliveries' });

    for (const delivery of deliveries) {
      expect(verifyPulseSignature(webhookSecret, delivery.headers['pulse-signature'], delivery.rawBody)).toBe(true);
      expect(verifyPulseSignature('whsec_not-the-secret', delivery.headers['pulse-signature'], delivery.rawBody)).toBe(false);
      const event = delivery.json as AnyEvent;
      expect(delivery.headers['pulse-event-id']).toBe(event.id);
      expect(delivery.headers['pulse-event-type']).toBe(event.type);
      expect(event.tenantId).toBe(tenant.tenantId);
    }
    expect(idsOf(deliveries.map((d) => d.json as AnyEvent))).toEqual(expected);
  });

  it('pushes the summaries and posts live over SSE and WebSocket', async () => {
    const { topics } = system.names;
    await recordsOn(topics.postPublished);
    const summaryIds = idsOf(eventsOf(topics.articleSummarized));
    const postIds = idsOf(eventsOf(topics.postPublished));
    for (const [name, stream] of [['SSE', sse], ['WebSocket', socket]] as const) {
      await waitFor(() => stream.events('post.published').length >= ARTICLES, { timeoutMs: 30_000, what: `3 post.published over ${name}` });
      expect(idsOf(stream.events('post.published'))).toEqual(postIds);
      expect(idsOf(stream.events('article.summarized'))).toEqual(summaryIds);
      expect(stream.events().every((event) => event.tenantId === tenant.tenantId)).toBe(true);
    }
  });

  it('counts three articles, summaries and posts in the analytics overview', async () => {
    const overview = await waitFor(async () => {
      const { body } = await tenant.api.get('/api/v1/analytics/overview');
      const hour = body?.lastHour;
      return hour && hour.articles === ARTICLES && hour.summaries === ARTICLES && hour.posts === ARTICLES ? body : undefined;
    }, { timeoutMs: PIPELINE_TIMEOUT_MS, what: 'analytics to count 3 articles, 3 summaries, 3 posts' });
    expect(overview.lastDay).toMatchObject({ articles: ARTICLES, summaries: ARTICLES, posts: ARTICLES });
  });

  it("continues the refresh request's trace through all three topics and every consumer", async () => {
    const { topics, groups } = system.names;
    // Social publishes later, from its dispatcher: the post keeps the summary's trace headers and
    // the dispatcher continues that trace, so post.published stays in it too.
    for (const topic of [topics.newsFetched, topics.articleSummarized, topics.postPublished]) {
      const records = await recordsOn(topic);
      expect(records.map((r) => traceIdOf(r.headers.traceparent))).toEqual(Array(ARTICLES).fill(refreshTraceId));
    }
    const refresh = tracedSpans().find((span) => span.name === 'POST /v1/sources/:id/refresh');
    expect(refresh?.parentSpanContext?.spanId).toBe(refreshParentSpanId);

    // One process span per article and consumer group, all inside the caller's trace.
    const expected = [
      `${topics.newsFetched} by ${groups.llm}`,
      `${topics.newsFetched} by ${groups.analyticsPrefix}.${topics.newsFetched}`,
      `${topics.articleSummarized} by ${groups.social}`,
      `${topics.articleSummarized} by ${groups.analyticsPrefix}.${topics.articleSummarized}`,
      `${topics.articleSummarized} by ${groups.notificationPrefix}.${topics.articleSummarized}`,
      `${topics.postPublished} by ${groups.analyticsPrefix}.${topics.postPublished}`,
      `${topics.postPublished} by ${groups.notificationPrefix}.${topics.postPublished}`,
    ].flatMap((consumer) => Array<string>(ARTICLES).fill(consumer)).sort();
    const consumers = () => tracedSpans().filter((span) => span.name.endsWith(' process')).map(consumerOf).sort();
    await waitFor(() => consumers().length >= expected.length, { timeoutMs: 30_000, what: `${expected.length} consumer spans in the trace` });
    expect(consumers()).toEqual(expected);
  });

  it('changes nothing when the same feed is fetched again', async () => {
    await recordsOn(system.names.topics.postPublished);
    const delivered = () =>
      tap.records.length >= ARTICLES * 3 && system.webhookEndpoint.received.length >= ARTICLES * 2 &&
      sse.events().length >= ARTICLES * 2 && socket.events().length >= ARTICLES * 2;
    await waitFor(delivered, { timeoutMs: PIPELINE_TIMEOUT_MS, what: 'the first fetch to be fully delivered' });
    const snapshot = () => JSON.stringify({
      statuses: system.mastodon.statuses.length, records: tap.records.length, webhooks: system.webhookEndpoint.received.length,
      sse: sse.events().length, ws: socket.events().length,
    });
    const before = snapshot();
    const { body: healthBefore } = await tenant.api.get(`/api/v1/sources/${sourceId}/health`);

    const again = await tenant.api.expect(200, 'POST', `/api/v1/sources/${sourceId}/refresh`);
    expect(again).toMatchObject({ outcome: 'fetched', newArticles: 0, duplicates: ARTICLES });
    await waitFor(async () => {
      const { body } = await tenant.api.get(`/api/v1/sources/${sourceId}/health`);
      return body.status === 'healthy' && Date.parse(body.lastFetchedAt) > Date.parse(healthBefore.lastFetchedAt);
    }, { what: 'the second fetch to be recorded in the source health' });
    expect(system.feed.requestCount(system.feedPath)).toBe(2);

    // Long enough for the outbox relay (200 ms), the consumers and the 1 s dispatch/webhook polls.
    await holdsFor(() => snapshot() === before, { durationMs: 4_000, what: 'no new status, event, webhook or live message' });
    const { body: overview } = await tenant.api.get('/api/v1/analytics/overview');
    expect(overview.lastHour).toMatchObject({ articles: ARTICLES, summaries: ARTICLES, posts: ARTICLES });
  });

  it("shows another tenant none of this tenant's data, live or stored", async () => {
    await recordsOn(system.names.topics.postPublished);
    await waitFor(() => sse.events('post.published').length >= ARTICLES, { timeoutMs: 30_000, what: "the tenant's own live events" });

    const articles = await stranger.api.expect(200, 'GET', '/api/v1/articles');
    const posts = await stranger.api.expect(200, 'GET', '/api/v1/posts');
    const webhooks = await stranger.api.expect(200, 'GET', '/api/v1/webhooks');
    expect([articles.items, posts.items, webhooks.items]).toEqual([[], [], []]);
    expect((await stranger.api.get(`/api/v1/sources/${sourceId}`)).status).toBe(404);
    expect((await stranger.api.post(`/api/v1/sources/${sourceId}/refresh`)).status).toBe(404);
    const overview = await stranger.api.expect(200, 'GET', '/api/v1/analytics/overview');
    expect(overview.lastDay).toMatchObject({ articles: 0, summaries: 0, posts: 0 });
    // The stream was open through the whole run, while the tenant's got every event.
    expect(strangerSse.frames.filter((frame) => frame.event !== undefined)).toEqual([]);
  });
});
