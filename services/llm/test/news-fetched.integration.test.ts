import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { startFakeAnthropic, type FakeAnthropic } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import { SOLAR_TEXT, longText } from './fixtures/articles.fixture';
import { api, newsFetched, startLlmHarness, type LlmHarness } from './support/llm-service.support';

const MODEL = 'claude-sonnet-4-5';
const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';
const LEAD = SOLAR_TEXT.split('\n\n')[0]!;

let fake: FakeAnthropic;
let h: LlmHarness;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  h = await startLlmHarness({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: fake.url,
    LLM_RETRY_BASE_DELAY_MS: '20',
    LLM_RETRY_MAX_DELAY_MS: '100',
    LLM_TIMEOUT_MS: '5000',
    LLM_FACT_COUNT: '4',
    LLM_MAX_ARTICLE_TOKENS: '2000',
    LLM_NICHES: JSON.stringify({ sports: { scoreThreshold: 0.8, audience: 'fans of local sport' } }),
  });
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

const summarizedOf = (articleId: string) => h.output.filter((m) => (m.value as ArticleSummarizedEvent).data.articleId === articleId);
const waitForSummary = (articleId: string) =>
  waitFor(() => summarizedOf(articleId)[0]?.value as ArticleSummarizedEvent | undefined, { what: `article.summarized for ${articleId}`, timeoutMs: 30_000 });
const outboxRows = async (articleId: string) =>
  Number((await h.query<{ n: string }>('SELECT count(*) AS n FROM event_outbox WHERE event_key = $1', [articleId]))[0]!.n);
const consumed = () => h.metric('pulse_events_consumed_total', { topic: h.inputTopic });

describe('llm service: news.fetched -> article.summarized', () => {
  const first = newsFetched(TENANT_A, { lead: LEAD, content: SOLAR_TEXT });

  it('summarizes an article with Claude and announces a contract-valid article.summarized with verified facts and usage', async () => {
    await h.publish(first);
    const event = await waitForSummary(first.data.articleId);

    expect(contracts.articleSummarized.validate(event)).toEqual({ ok: true, value: event });
    expect(event).toMatchObject({ type: 'article.summarized', source: 'pulse/llm', tenantId: TENANT_A });
    expect(summarizedOf(first.data.articleId)[0]!.key).toBe(first.data.articleId);
    const data = event.data;
    expect(data).toMatchObject({ model: MODEL, niche: 'climate', url: first.data.url, title: first.data.title, truncated: false, fetchedAt: first.data.fetchedAt });
    expect(Date.parse(data.summarizedAt)).toBeGreaterThan(Date.parse(first.data.fetchedAt));
    expect(data.facts.length).toBeGreaterThan(0);
    expect(data.facts.every((f) => f.verified && SOLAR_TEXT.includes(f.quote.replace(/…$/, '')))).toBe(true);
    expect(data.confidence).toBe(1);
    expect(data.usage!.inputTokens).toBeGreaterThan(0);
    expect(data.usage!.costUsd).toBeGreaterThan(0);

    // One API call per stage, each recorded with its tokens and cost.
    expect(fake.messageRequests()).toHaveLength(3);
    const usage = await h.query<{ stage: string; cost_usd: string; input_tokens: number }>(
      'SELECT stage, cost_usd, input_tokens FROM llm_usage WHERE article_id = $1 ORDER BY id', [first.data.articleId],
    );
    expect(usage.map((u) => u.stage)).toEqual(['summary', 'facts', 'tone']);
    expect(usage.reduce((sum, u) => sum + Number(u.cost_usd), 0)).toBeCloseTo(data.usage!.costUsd!, 9);

    // The stored row (written as JSON in one statement with the inbox and outbox rows) reads back as announced.
    const stored = await api(h.base, await h.token(TENANT_A, ['llm:read']), `/v1/summaries/${first.data.articleId}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      articleId: first.data.articleId, niche: data.niche, title: data.title, url: data.url, summary: data.summary,
      facts: data.facts, confidence: data.confidence, variants: data.variants, keywords: data.keywords, model: data.model,
      truncated: false, cached: false, selectionReason: 'selected', fetchedAt: first.data.fetchedAt,
      usage: { inputTokens: data.usage!.inputTokens, outputTokens: data.usage!.outputTokens, costUsd: data.usage!.costUsd },
    });
  });

  it('treats a redelivered event as a no-op: one summary, one announcement, no second API call', async () => {
    const callsBefore = fake.messageRequests().length;
    const consumedBefore = await consumed();
    await h.publish(first);
    await waitFor(async () => (await consumed()) > consumedBefore, { what: 'the redelivered event to be handled' });

    expect(fake.messageRequests()).toHaveLength(callsBefore);
    expect(await h.query('SELECT 1 FROM summaries WHERE article_id = $1', [first.data.articleId])).toHaveLength(1);
    expect(await outboxRows(first.data.articleId)).toBe(1);
    expect(summarizedOf(first.data.articleId)).toHaveLength(1);
  });

  it('serves the same content under another article id from the result cache at no cost', async () => {
    const callsBefore = fake.messageRequests().length;
    const copy = newsFetched(TENANT_A, { lead: LEAD, content: SOLAR_TEXT });
    const event = await (async () => { await h.publish(copy); return waitForSummary(copy.data.articleId); })();

    expect(fake.messageRequests()).toHaveLength(callsBefore);
    expect(event.data).toMatchObject({ model: MODEL, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } });
    expect(event.data.facts.every((f) => f.verified)).toBe(true);
    expect(await h.metric('pulse_articles_processed_total', { summarizer: 'cache' })).toBe(1);
  });

  it('retries a 429 after its retry-after and still summarizes with Claude', async () => {
    fake.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, 1);
    const article = newsFetched(TENANT_A, { title: 'Riverton council backs school solar panels', content: SOLAR_TEXT });
    await h.publish(article);
    const event = await waitForSummary(article.data.articleId);

    expect(event.data.model).toBe(MODEL);
    const statuses = fake.messageRequests().filter((r) => r.fault === 'rate-limit').map((r) => r.status);
    expect(statuses).toEqual([429]);
    expect(await h.metric('pulse_llm_retries_total', { status: '429' })).toBe(1);
  });

  it('cuts a huge article to the token budget and says so', async () => {
    const article = newsFetched(TENANT_A, { title: 'A very long report on the energy plan', content: longText(12_000) });
    await h.publish(article);
    const event = await waitForSummary(article.data.articleId);
    expect(event.data.truncated).toBe(true);
    expect(contracts.articleSummarized.validate(event).ok).toBe(true);
  });

  it('skips an article below its niche threshold with the reason, and summarizes it when asked through the API', async () => {
    const article = newsFetched(TENANT_A, { niche: 'sports', score: 0.5, title: 'Riverton Rovers draw 1-1', content: SOLAR_TEXT });
    await h.publish(article);
    const [row] = await waitFor(() => h.query<{ reason: string; detail: string }>('SELECT reason, detail FROM skipped_articles WHERE article_id = $1', [article.data.articleId]).then((r) => (r.length ? r : undefined)), { what: 'the skipped row' });
    expect(row).toMatchObject({ reason: 'below-threshold', detail: expect.stringContaining('0.8') });
    expect(await h.metric('pulse_articles_skipped_total', { reason: 'below-threshold' })).toBe(1);
    expect(await outboxRows(article.data.articleId)).toBe(0);

    const read = await h.token(TENANT_A, ['llm:read', 'llm:write']);
    const missing = await api(h.base, read, `/v1/summaries/${article.data.articleId}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ reason: 'below-threshold' });

    const forced = await api(h.base, read, '/v1/summaries', { method: 'POST', body: { articleId: article.data.articleId } });
    expect(forced.status).toBe(201);
    expect(forced.body).toMatchObject({ articleId: article.data.articleId, model: MODEL, selectionReason: 'forced' });
    const event = await waitForSummary(article.data.articleId);
    expect(event.data.niche).toBe('sports');
  });

  it('skips an article without text as empty-text instead of failing', async () => {
    const article = newsFetched(TENANT_A, { lead: ' ', content: '  \n ' });
    await h.publish(article);
    await waitFor(() => h.query('SELECT 1 FROM skipped_articles WHERE article_id = $1 AND reason = $2', [article.data.articleId, 'empty-text']).then((r) => r.length > 0), { what: 'the empty-text row' });
    expect(await h.metric('pulse_articles_skipped_total', { reason: 'empty-text' })).toBe(1);
    expect(await outboxRows(article.data.articleId)).toBe(0);
  });

  it('sends an event that fails its schema to the DLQ with the reason', async () => {
    await h.producer.send({ topic: h.inputTopic, messages: [{ key: 'bad', value: JSON.stringify({ id: 'not-an-event', type: 'news.fetched' }) }] });
    const dead = await waitFor(() => h.dlq.find((m) => m.key === 'bad'), { what: 'the dead-lettered event' });
    expect(dead.headers['pulse-dlq-reason']).toContain('validation failed');
    expect(dead.headers['pulse-dlq-reason-kind']).toBe('invalid');
  });
});

describe('llm service HTTP API', () => {
  it('returns a summary only to its own tenant and only with llm:read', async () => {
    const [row] = await h.query<{ article_id: string }>("SELECT article_id FROM summaries WHERE tenant_id = $1 AND niche = 'climate' ORDER BY created_at LIMIT 1", [TENANT_A]);
    const articleId = row!.article_id;
    const own = await api(h.base, await h.token(TENANT_A, ['llm:read']), `/v1/summaries/${articleId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ articleId, model: MODEL, confidence: 1 });
    expect(own.body.facts.length).toBeGreaterThan(0);

    expect((await api(h.base, await h.token(TENANT_B, ['llm:read']), `/v1/summaries/${articleId}`)).status).toBe(404);
    expect((await api(h.base, await h.token(TENANT_A, ['news:read']), `/v1/summaries/${articleId}`)).status).toBe(403);
    expect((await fetch(`${h.base}/v1/summaries/${articleId}`)).status).toBe(401);
  });

  it('sums the tenant usage per stage and per niche, and shows another tenant nothing', async () => {
    const token = await h.token(TENANT_A, ['llm:read']);
    const byStage = await api(h.base, token, '/v1/llm/usage?groupBy=stage');
    expect(byStage.status).toBe(200);
    expect(byStage.body.groups.map((g: { stage: string }) => g.stage).sort()).toEqual(['facts', 'summary', 'tone']);
    const [db] = await h.query<{ cost: string; input: string; calls: string }>(
      'SELECT SUM(cost_usd)::text AS cost, SUM(input_tokens)::text AS input, SUM(calls)::text AS calls FROM llm_usage WHERE tenant_id = $1', [TENANT_A],
    );
    expect(byStage.body.total.costUsd).toBeCloseTo(Number(db!.cost), 9);
    expect(byStage.body.total.inputTokens).toBe(Number(db!.input));
    expect(byStage.body.total.calls).toBe(Number(db!.calls));

    const byNiche = await api(h.base, token, '/v1/llm/usage?groupBy=niche');
    expect(byNiche.body.groups.map((g: { niche: string }) => g.niche).sort()).toEqual(['climate', 'sports']);

    const other = await api(h.base, await h.token(TENANT_B, ['llm:read']), '/v1/llm/usage');
    expect(other.body.groups).toEqual([]);
    expect(other.body.total.costUsd).toBe(0);

    const future = await api(h.base, token, '/v1/llm/usage?from=2999-01-01&to=2999-01-02');
    expect(future.body.groups).toEqual([]);
    expect((await api(h.base, token, '/v1/llm/usage?groupBy=model')).status).toBe(400);
  });

  it('summarizes text given in the request and refuses empty text with 422', async () => {
    const token = await h.token(TENANT_B, ['llm:write']);
    const made = await api(h.base, token, '/v1/summaries', {
      method: 'POST',
      body: { title: 'Council approves solar plan', text: SOLAR_TEXT.split('\n\n').slice(0, 3).join('\n\n'), niche: 'climate' },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ model: MODEL, niche: 'climate' });
    expect(made.body.facts.every((f: { verified: boolean }) => f.verified)).toBe(true);

    const empty = await api(h.base, token, '/v1/summaries', { method: 'POST', body: { title: 'Nothing', text: '   ', niche: 'climate' } });
    expect(empty.status).toBe(422);
    expect(empty.body.type).toContain('empty-text');
    expect((await api(h.base, token, '/v1/summaries', { method: 'POST', body: { niche: 'climate' } })).status).toBe(400);
  });
});
