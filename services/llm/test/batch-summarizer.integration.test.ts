import { startFakeAnthropic, type FakeAnthropic } from '@pulse/fakes';
import { createAnthropicClient } from '../src/adapters/anthropic/anthropic-client.factory';
import { BatchSummarizer, customIdFor, type BatchItem } from '../src/adapters/anthropic/batch-summarizer';
import { costOfUsage } from '../src/domain/cost-calculator';
import { MODEL, PRICES } from './fixtures/anthropic-harness.fixture';
import { CLIMATE_NICHE, solarArticle } from './fixtures/articles.fixture';

const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2_000 };
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const items: BatchItem[] = [
  { article: solarArticle({ id: '11111111-1111-4111-8111-111111111111' }), niche: CLIMATE_NICHE },
  { article: solarArticle({ id: 'article:with/odd chars' }), niche: CLIMATE_NICHE },
  { article: solarArticle({ id: '33333333-3333-4333-8333-333333333333' }), niche: CLIMATE_NICHE },
];

describe('Message Batches for the backlog', () => {
  it('submits one combined request per article, polls until ended and maps results back by custom_id', async () => {
    fake = await startFakeAnthropic({ batchPollsBeforeEnd: 1, failingBatchIds: ['33333333-3333-4333-8333-333333333333'] });
    const client = createAnthropicClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 });
    const batches = new BatchSummarizer(client, { model: MODEL, prices: PRICES, factCount: 4 }, retry);

    const submitted = await batches.submitBatch(items);
    const created = fake.requests.find((r) => r.path === '/v1/messages/batches')!;
    const requests = created.body!.requests as Array<{ custom_id: string; params: { tool_choice: { name: string } } }>;
    expect(requests.map((r) => r.custom_id)).toEqual(items.map((i) => customIdFor(i.article.id)));
    expect(requests.every((r) => r.params.tool_choice.name === 'record_article')).toBe(true);
    expect(customIdFor('article:with/odd chars')).toMatch(/^[0-9a-f]{64}$/);
    expect(submitted.customIds[customIdFor('article:with/odd chars')]).toBe('article:with/odd chars');

    const pending = await batches.collectBatch(submitted.batchId, items);
    expect(pending).toEqual({ status: 'in_progress', results: [] });

    const collected = await batches.collectBatch(submitted.batchId, items);
    expect(collected.status).toBe('ended');
    expect(collected.results.map((r) => r.articleId)).toEqual(items.map((i) => i.article.id));
    const [first, second, failed] = collected.results;
    expect(first!.result).toMatchObject({ model: MODEL, promptVersion: 'combined-v1', confidence: 1, articleId: items[0]!.article.id });
    expect(second!.result.model).toBe(MODEL);
    expect(failed!.result.model).toBe('extractive');
    expect(failed!.result.stages[0]!.fallbackReason).toMatch(/^batch-errored/);
    expect(failed!.result.facts.every((f) => f.verified)).toBe(true);
  });

  it('prices batch results at the batch discount', async () => {
    fake = await startFakeAnthropic();
    const client = createAnthropicClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 });
    const batches = new BatchSummarizer(client, { model: MODEL, prices: PRICES }, retry);
    const submitted = await batches.submitBatch(items.slice(0, 1));
    const collected = await batches.collectBatch(submitted.batchId, items.slice(0, 1));
    const { result } = collected.results[0]!;
    expect(result.costUsd).toBe(costOfUsage(result.usage, PRICES[MODEL]!, { batch: true }));
    expect(result.costUsd).toBeGreaterThan(0);
  });
});
