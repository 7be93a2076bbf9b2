import type { ArticleSummarizedEvent } from '@pulse/contracts';
import { startFakeAnthropic, type FakeAnthropic } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import { SOLAR_TEXT } from './fixtures/articles.fixture';
import { newsFetched, startLlmHarness, type LlmHarness } from './support/llm-service.support';

const MODEL = 'claude-sonnet-4-5';
// Long enough for an article to be handled while the circuit is still open on a busy machine.
const RESET_MS = 10_000;

let fake: FakeAnthropic;
let h: LlmHarness;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  h = await startLlmHarness({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: fake.url,
    LLM_BATCH_MODE: 'never',
    // One attempt per call, so each injected 5xx/529 is one failure the breaker sees.
    LLM_RETRY_MAX_ATTEMPTS: '1',
    LLM_TIMEOUT_MS: '5000',
    LLM_BREAKER_VOLUME: '2',
    LLM_BREAKER_ERROR_PERCENT: '50',
    LLM_BREAKER_RESET_MS: String(RESET_MS),
    LLM_NICHES: JSON.stringify({ markets: { dailyTokenBudget: 1_000 }, policy: { dailyCostBudgetUsd: 0.001 } }),
  });
});

afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/** Publishes one article (each with its own title, so the result cache never serves it) and waits for its announcement. */
async function summarize(tenantId: string, niche: string, title: string): Promise<ArticleSummarizedEvent> {
  const event = newsFetched(tenantId, { niche, title, content: SOLAR_TEXT });
  await h.publish(event);
  return waitFor(
    () => h.output.map((m) => m.value as ArticleSummarizedEvent).find((e) => e.data.articleId === event.data.articleId),
    { what: `article.summarized for "${title}"`, timeoutMs: 30_000 },
  );
}

const reasonOf = async (articleId: string) =>
  (await h.query<{ selection_reason: string }>('SELECT selection_reason FROM summaries WHERE article_id = $1', [articleId]))[0]?.selection_reason;

// First in the file: the breaker judges the share of failures in its 10 s rolling window, so no
// successful call may precede the two injected failures.
describe('circuit breaker around the Messages API', () => {
  it('opens after repeated 529/5xx, uses the extractive fallback while open, and closes once the API has recovered', async () => {
    fake.inject({ kind: 'overloaded' }, 1);
    fake.inject({ kind: 'server-error' }, 1);
    const failed = [await summarize('tenant-breaker', 'climate', 'Breaker story one'), await summarize('tenant-breaker', 'climate', 'Breaker story two')];
    // Each article's first stage failed; the others were not tried (the API had just failed).
    expect(failed.map((e) => e.data.model)).toEqual(['extractive', 'extractive']);
    expect(fake.messageRequests().filter((r) => r.fault).map((r) => r.status)).toEqual([529, 500]);
    await waitFor(async () => (await h.metric('pulse_llm_circuit_open')) === 1, { what: 'the circuit to open' });

    const calls = fake.messageRequests().length;
    const whileOpen = await summarize('tenant-breaker', 'climate', 'Breaker story three');
    expect(whileOpen.data.model).toBe('extractive');
    expect(await reasonOf(whileOpen.data.articleId)).toBe('circuit-open');
    expect(fake.messageRequests()).toHaveLength(calls); // the open circuit spares the API
    expect(await h.metric('pulse_articles_processed_total', { summarizer: 'extractive', reason: 'circuit-open' })).toBe(1);

    // After LLM_BREAKER_RESET_MS the breaker lets a trial call through; the healthy fake closes it.
    await waitFor(async () => (await h.metric('pulse_llm_circuit_open')) === 0.5, { what: 'the circuit to half-open', timeoutMs: RESET_MS + 10_000 });
    const recovered = await summarize('tenant-breaker', 'climate', 'Breaker story four');
    expect(recovered.data.model).toBe(MODEL);
    expect(await reasonOf(recovered.data.articleId)).toBe('selected');
    expect(await h.metric('pulse_llm_circuit_open')).toBe(0);
  });
});

describe('daily budgets per tenant and niche', () => {
  it('summarizes extractively, with the reason, once the tenant has spent its niche token budget; other tenants are unaffected', async () => {
    const first = await summarize('tenant-budget-a', 'markets', 'Markets story one');
    expect(first.data.model).toBe(MODEL); // 0 of 1,000 tokens used before it; the three stages use more
    const spent = await h.query<{ tokens: string }>(
      "SELECT SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens)::text AS tokens FROM llm_usage WHERE tenant_id = 'tenant-budget-a'",
    );
    expect(Number(spent[0]!.tokens)).toBeGreaterThanOrEqual(1_000);

    const calls = fake.messageRequests().length;
    const over = await summarize('tenant-budget-a', 'markets', 'Markets story two');
    expect(over.data).toMatchObject({ model: 'extractive', usage: { inputTokens: 0, costUsd: 0 } });
    expect(over.data.facts.every((f) => f.verified)).toBe(true);
    expect(await reasonOf(over.data.articleId)).toBe('token-budget-exhausted');
    expect(fake.messageRequests()).toHaveLength(calls);
    expect(await h.metric('pulse_articles_processed_total', { summarizer: 'extractive', reason: 'token-budget-exhausted' })).toBe(1);

    // The budget is per tenant: another tenant in the same niche still gets Claude.
    const other = await summarize('tenant-budget-b', 'markets', 'Markets story three');
    expect(other.data.model).toBe(MODEL);
  });

  it('does the same for a cost budget', async () => {
    expect((await summarize('tenant-budget-a', 'policy', 'Policy story one')).data.model).toBe(MODEL);
    const over = await summarize('tenant-budget-a', 'policy', 'Policy story two');
    expect(over.data.model).toBe('extractive');
    expect(await reasonOf(over.data.articleId)).toBe('cost-budget-exhausted');
    expect(await h.metric('pulse_articles_processed_total', { summarizer: 'extractive', reason: 'cost-budget-exhausted' })).toBe(1);
  });
});
