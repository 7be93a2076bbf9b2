import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { startFakeAnthropic, type FakeAnthropic } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import { costOfUsage, type ModelPrice } from '../src/domain/cost-calculator';
import type { TokenUsage } from '../src/domain/summary.types';
import { SOLAR_TEXT } from './fixtures/articles.fixture';
import { newsFetched, startLlmHarness, type LlmHarness } from './support/llm-service.support';

const MODEL = 'claude-sonnet-4-5';
// Not Anthropic's 0.5, so the test proves the factor comes from the price table.
const PRICE: ModelPrice = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, batchFactor: 0.4 };
const TENANT = 'tenant-batch';

function batchEnv(fake: FakeAnthropic, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: fake.url,
    LLM_BATCH_MODE: 'always',
    // A batch is submitted once it is full: each test sizes it to its articles, so none is split.
    LLM_BATCH_MAX_WAIT_MS: '60000',
    LLM_BATCH_POLL_INTERVAL_MS: '100',
    LLM_RETRY_BASE_DELAY_MS: '20',
    LLM_RETRY_MAX_DELAY_MS: '100',
    LLM_TIMEOUT_MS: '5000',
    LLM_FACT_COUNT: '4',
    LLM_PRICES: JSON.stringify({ [MODEL]: PRICE }),
    ...extra,
  };
}

const summarizedIn = (h: LlmHarness, articleId: string) =>
  h.output.map((m) => m.value as ArticleSummarizedEvent).filter((e) => e.data.articleId === articleId);
const batchCreates = (fake: FakeAnthropic) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches');
const article = (title: string) => newsFetched(TENANT, { title, content: SOLAR_TEXT });

describe('Message Batches for backlogs (LLM_BATCH_MODE=always)', () => {
  let fake: FakeAnthropic;
  let h: LlmHarness;
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('submits articles as one batch, polls it, and finishes each result like a single call at the batch price', async () => {
    fake = await startFakeAnthropic({
      batchPollsBeforeEnd: 2,
      batchItemResult: (_id, params) => {
        const prompt = JSON.stringify(params);
        return prompt.includes('[errored]') ? 'errored' : prompt.includes('[expired]') ? 'expired' : 'succeeded';
      },
    });
    h = await startLlmHarness(batchEnv(fake, { LLM_BATCH_MAX_SIZE: '4' }));
    const ok = [article('Riverton approves solar plan'), article('Riverton schools go solar')];
    const errored = article('Riverton solar vote [errored]');
    const expired = article('Riverton solar grant [expired]');
    for (const event of [...ok, errored, expired]) await h.publish(event);

    const events = await waitFor(() => {
      const found = [...ok, errored, expired].map((e) => summarizedIn(h, e.data.articleId)[0]);
      return found.every(Boolean) ? (found as ArticleSummarizedEvent[]) : undefined;
    }, { what: 'article.summarized for the four batched articles', timeoutMs: 60_000 });

    // One batch with all four, each request caching the fixed instructions; polled until it ended.
    const creates = batchCreates(fake);
    expect(creates).toHaveLength(1);
    const requests = creates[0]!.body!.requests as Array<{ custom_id: string; params: { system: Array<{ text: string; cache_control?: unknown }> } }>;
    expect(requests).toHaveLength(4);
    expect(requests.every((r) => r.params.system[0]!.cache_control !== undefined && r.params.system[0]!.text.includes('newsroom assistant'))).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'GET' && /^\/v1\/messages\/batches\/[^/]+$/.test(r.path)).length).toBeGreaterThanOrEqual(3);

    for (const event of events) expect(contracts.articleSummarized.validate(event)).toEqual({ ok: true, value: event });

    // Answered items: Claude's combined reply, verified, priced at the price table's batch factor.
    for (const event of events.slice(0, 2)) {
      expect(event.data).toMatchObject({ model: MODEL, promptVersion: 'combined-v1', confidence: 1 });
      expect(event.data.facts.every((f) => f.verified)).toBe(true);
      const { costUsd, ...counted } = event.data.usage!;
      const usage = counted as TokenUsage;
      expect(usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens).toBeGreaterThan(0);
      expect(costUsd).toBe(costOfUsage(usage, PRICE, { batch: true }));
      expect(costUsd).toBeCloseTo(costOfUsage(usage, { ...PRICE, batchFactor: 1 }, { batch: true }) * 0.4, 8);
      const rows = await h.query<{ stage: string; cost_usd: string; calls: number }>('SELECT stage, cost_usd, calls FROM llm_usage WHERE article_id = $1', [event.data.articleId]);
      expect(rows).toEqual([{ stage: 'combined', cost_usd: costUsd!.toFixed(9), calls: 1 }]);
    }
    const reasons = await h.query<{ article_id: string; selection_reason: string }>('SELECT article_id, selection_reason FROM summaries');
    const reasonOf = (id: string) => reasons.find((r) => r.article_id === id)?.selection_reason;
    expect(ok.map((e) => reasonOf(e.data.articleId))).toEqual(['batch', 'batch']);

    // Errored and expired items fell back to single calls (staged: summary, facts, tone each).
    expect([reasonOf(errored.data.articleId), reasonOf(expired.data.articleId)]).toEqual(['batch-fallback', 'batch-fallback']);
    for (const event of events.slice(2)) expect(event.data).toMatchObject({ model: MODEL, promptVersion: expect.not.stringMatching(/^combined/) });
    expect(fake.messageRequests()).toHaveLength(6);

    expect(await h.metric('pulse_llm_batch_items_total', { result: 'queued' })).toBe(4);
    expect(await h.metric('pulse_llm_batch_items_total', { result: 'succeeded' })).toBe(2);
    expect(await h.metric('pulse_llm_batch_items_total', { result: 'errored' })).toBe(1);
    expect(await h.metric('pulse_llm_batch_items_total', { result: 'expired' })).toBe(1);
    expect(await h.query('SELECT 1 FROM batch_items')).toHaveLength(0);
    await waitFor(() => h.query('SELECT 1 FROM message_batches WHERE collected_at IS NOT NULL').then((r) => r.length === 1), { what: 'the batch marked collected' });
  });
});

describe('Message Batches across a restart', () => {
  let fake: FakeAnthropic;
  let first: LlmHarness | undefined;
  let second: LlmHarness | undefined;
  afterAll(async () => {
    await first?.stop({ keepSchema: true }).catch(() => undefined);
    await second?.stop();
    await fake?.close();
  });

  it('resumes polling a batch submitted before the restart and announces each article once', async () => {
    fake = await startFakeAnthropic({ batchPollsBeforeEnd: Infinity });
    first = await startLlmHarness(batchEnv(fake, { LLM_BATCH_MAX_SIZE: '2' }));
    const events = [article('Riverton solar plan, part one'), article('Riverton solar plan, part two')];
    for (const event of events) await first.publish(event);
    await waitFor(() => first!.query("SELECT 1 FROM batch_items WHERE batch_id IS NOT NULL").then((r) => r.length === 2), { what: 'both articles in a submitted batch', timeoutMs: 30_000 });
    await waitFor(() => first!.query("SELECT 1 FROM message_batches WHERE last_polled_at IS NOT NULL").then((r) => r.length === 1), { what: 'the batch polled once' });
    const names = first.names;
    await first.stop({ keepSchema: true });
    first = undefined;

    fake.endBatches();
    second = await startLlmHarness(batchEnv(fake, { LLM_BATCH_MAX_SIZE: '2' }), names);
    const announced = await waitFor(() => {
      const found = events.map((e) => summarizedIn(second!, e.data.articleId));
      return found.every((list) => list.length > 0) ? found : undefined;
    }, { what: 'article.summarized for both articles after the restart', timeoutMs: 60_000 });

    expect(announced.map((list) => list.length)).toEqual([1, 1]);
    expect(batchCreates(fake)).toHaveLength(1);
    expect(fake.messageRequests()).toHaveLength(0);
    for (const event of events) {
      expect(await second.query('SELECT 1 FROM summaries WHERE article_id = $1', [event.data.articleId])).toHaveLength(1);
      expect(await second.query('SELECT 1 FROM llm_usage WHERE article_id = $1', [event.data.articleId])).toHaveLength(1);
      expect(await second.query('SELECT 1 FROM event_outbox WHERE event_key = $1', [event.data.articleId])).toHaveLength(1);
    }
    expect(await second.query('SELECT 1 FROM batch_items')).toHaveLength(0);
  });
});
