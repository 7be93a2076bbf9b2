import { FABRICATED_QUOTE } from '@pulse/fakes';
import { waitFor } from '@pulse/testing';
import { costOfUsage } from '../src/domain/cost-calculator';
import { PIPELINE_PROMPT_VERSION } from '../src/domain/prompts';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../src/domain/summary.types';
import { MODEL, PRICES, startHarness, type Harness } from './fixtures/anthropic-harness.fixture';
import { CLIMATE_NICHE, solarArticle } from './fixtures/articles.fixture';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function usageFromFake(response: Record<string, unknown> | undefined): TokenUsage {
  const usage = (response?.usage ?? {}) as Record<string, number>;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
  };
}

const userTextOf = (body: Record<string, unknown> | undefined): string => JSON.stringify((body?.messages as unknown[]) ?? []);

describe('Anthropic summarizer against the fake Messages API', () => {
  it('runs summary, facts and tone as three calls and accounts usage and cost per stage exactly', async () => {
    harness = await startHarness();
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);

    const calls = harness.fake.messageRequests();
    expect(calls.map((c) => (c.body?.tool_choice as { name: string }).name)).toEqual(['record_summary', 'record_facts', 'record_tone']);
    expect(calls.every((c) => c.headers['x-api-key'] === 'test-key' && typeof c.headers['anthropic-version'] === 'string')).toBe(true);
    expect(result).toMatchObject({ model: MODEL, promptVersion: PIPELINE_PROMPT_VERSION, language: 'en', truncated: false, confidence: 1 });
    expect(result.facts).toHaveLength(4);
    expect(result.facts.every((f) => f.verified)).toBe(true);
    expect(result.tone).toContain('readers who follow climate policy');
    expect(Object.keys(result.variants).sort()).toEqual(['casual', 'formal', 'question', 'statistic']);

    const fakeUsages = calls.map((c) => usageFromFake(c.response));
    expect(result.stages.map((s) => s.usage)).toEqual(fakeUsages);
    expect(result.usage).toEqual(fakeUsages.reduce(addUsage, { ...ZERO_USAGE }));
    const expectedCosts = fakeUsages.map((u) => costOfUsage(u, PRICES[MODEL]!));
    expect(result.stages.map((s) => s.costUsd)).toEqual(expectedCosts);
    expect(result.costUsd).toBeCloseTo(expectedCosts.reduce((a, b) => a + b, 0), 9);
  });

  it('sends cache_control on the fixed instructions and reads the cached prefix in later stages', async () => {
    harness = await startHarness();
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const [first] = harness.fake.messageRequests();
    const system = first!.body!.system as Array<{ cache_control?: unknown }>;
    expect(system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    const [summary, facts, tone] = result.stages;
    expect(summary!.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(summary!.usage.cacheReadTokens).toBe(0);
    expect(facts!.usage.cacheReadTokens).toBe(summary!.usage.cacheWriteTokens);
    expect(tone!.usage.cacheReadTokens).toBe(summary!.usage.cacheWriteTokens);
  });

  it('waits out retry-after on a 429 before trying again', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const [limited, retried] = harness.fake.messageRequests();
    expect(limited!.status).toBe(429);
    expect(retried!.status).toBe(200);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1_000);
    expect(result.model).toBe(MODEL);
    expect(result.stages[0]!.calls).toBe(1);
  });

  it('retries 529 overloaded and 500 with backoff and still gets the model answer', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'overloaded' });
    harness.fake.inject({ kind: 'server-error' });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(harness.fake.messageRequests().map((r) => r.status)).toEqual([529, 500, 200, 200, 200]);
    expect(result.model).toBe(MODEL);
    expect(result.stages.every((s) => s.fallbackReason === undefined)).toBe(true);
  });

  it('retries a request that timed out', async () => {
    harness = await startHarness({}, { timeoutMs: 300 });
    harness.fake.inject({ kind: 'slow', delayMs: 1_500 });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(harness.fake.messageRequests()[0]!.fault).toBe('slow');
    expect(harness.fake.messageRequests()).toHaveLength(4);
    expect(result.model).toBe(MODEL);
  });

  it('opens the breaker after repeated 5xx, answers extractively without calling, then closes again', async () => {
    harness = await startHarness(
      {},
      { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1_000 }, breaker: { errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs: 400, rollingCountTimeoutMs: 10_000 } },
    );
    harness.fake.inject({ kind: 'server-error' }, 10);

    const failed = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(failed.model).toBe('extractive');
    expect(failed.stages.every((s) => s.model === 'extractive')).toBe(true);
    expect(failed.facts.every((f) => f.verified)).toBe(true);
    expect(harness.caller.circuitState).toBe('open');

    const sent = harness.fake.messageRequests().length;
    const shortCircuited = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(shortCircuited.model).toBe('extractive');
    expect(shortCircuited.stages[0]!.fallbackReason).toMatch(/^circuit-open/);
    expect(harness.fake.messageRequests()).toHaveLength(sent);

    harness.fake.reset();
    await waitFor(() => harness!.caller.circuitState === 'half-open', { timeoutMs: 5_000, what: 'the breaker to half-open' });
    const recovered = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(recovered.model).toBe(MODEL);
    expect(harness.caller.circuitState).toBe('closed');
  });

  it('repairs a reply whose tool input is not valid JSON with one more call', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'invalid-tool-input' });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const calls = harness.fake.messageRequests();
    expect(calls).toHaveLength(4);
    expect(userTextOf(calls[1]!.body)).toContain('Your previous answer could not be used: the record_summary input was not valid JSON');
    expect(result.model).toBe(MODEL);
    expect(result.stages[0]).toMatchObject({ stage: 'summary', calls: 2, model: MODEL });
  });

  it('falls back to extractive facts for that stage only when the reply stays unusable after the repair', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'ok' });
    harness.fake.inject({ kind: 'no-tool-use' });
    harness.fake.inject({ kind: 'invalid-tool-input' });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const facts = result.stages.find((s) => s.stage === 'facts')!;
    expect(facts.model).toBe('extractive');
    expect(facts.calls).toBe(2);
    expect(facts.fallbackReason).toContain('invalid-reply');
    expect(result.model).toBe(MODEL);
    expect(result.stages.find((s) => s.stage === 'tone')!.model).toBe(MODEL);
    expect(result.facts.every((f) => f.verified)).toBe(true);
  });

  it('keeps a fabricated quote but marks it unverified and lowers the confidence', async () => {
    harness = await startHarness({ fabricatedQuotes: 1 });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const invented = result.facts.find((f) => f.quote === FABRICATED_QUOTE);
    expect(invented).toMatchObject({ verified: false });
    expect(result.facts.filter((f) => f.verified)).toHaveLength(3);
    expect(result.confidence).toBe(0.75);
  });

  it('asks again when every quote is invented, then uses extractive facts', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'ok' });
    harness.fake.inject({ kind: 'fabricated-quotes' }, 2);
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    const calls = harness.fake.messageRequests();
    expect(userTextOf(calls[2]!.body)).toContain('these quotes do not occur in the article text');
    const facts = result.stages.find((s) => s.stage === 'facts')!;
    expect(facts).toMatchObject({ model: 'extractive', calls: 2 });
    expect(result.confidence).toBe(1);
  });

  it('summarizes a German article in the configured output language', async () => {
    harness = await startHarness({}, {}, { outputLanguage: 'en' });
    const result = await harness.summarizer.summarizeArticle(
      solarArticle({ language: 'de', text: 'Der Stadtrat hat am Dienstag einen Plan beschlossen. Alle Schulen bekommen Solaranlagen bis 2027. Die Kosten liegen bei 42 Millionen Dollar.' }),
      CLIMATE_NICHE,
    );
    expect(userTextOf(harness.fake.messageRequests()[0]!.body)).toContain('English (en)');
    expect(result.language).toBe('en');
  });

  it('does all stages in one call in combined mode', async () => {
    harness = await startHarness({}, {}, { mode: 'combined' });
    const result = await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(harness.fake.messageRequests()).toHaveLength(1);
    expect(result).toMatchObject({ model: MODEL, promptVersion: 'combined-v1', confidence: 1 });
    expect(result.stages).toHaveLength(1);
  });

  it('never sends a request anywhere but the configured base URL', async () => {
    harness = await startHarness();
    harness.fake.inject({ kind: 'server-error' });
    await harness.summarizer.summarizeArticle(solarArticle(), CLIMATE_NICHE);
    expect(harness.fetched.length).toBe(harness.fake.requests.length);
    expect(harness.fetched.every((url) => url.startsWith(`${harness!.fake.url}/v1/`))).toBe(true);
  });
});
