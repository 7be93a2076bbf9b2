import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { waitFor } from '@pulse/testing';
import { SOLAR_TEXT } from './fixtures/articles.fixture';
import { newsFetched, startLlmHarness, type LlmHarness } from './support/llm-service.support';

let h: LlmHarness;

beforeAll(async () => {
  h = await startLlmHarness({}); // no ANTHROPIC_API_KEY
});

afterAll(async () => {
  await h?.stop();
});

describe('llm service without an Anthropic API key', () => {
  it('summarizes extractively, marks the model as extractive and records no API usage', async () => {
    const article = newsFetched('tenant-x', { content: SOLAR_TEXT });
    await h.publish(article);
    const event = await waitFor(
      () => h.output.map((m) => m.value as ArticleSummarizedEvent).find((e) => e.data.articleId === article.data.articleId),
      { what: 'article.summarized', timeoutMs: 30_000 },
    );

    expect(contracts.articleSummarized.validate(event).ok).toBe(true);
    expect(event.data).toMatchObject({ model: 'extractive', promptVersion: 'extractive-v1', confidence: 1 });
    expect(event.data.facts.length).toBeGreaterThan(0);
    expect(event.data.facts.every((f) => f.verified && SOLAR_TEXT.includes(f.quote))).toBe(true);
    const [row] = await h.query<{ selection_reason: string }>('SELECT selection_reason FROM summaries WHERE article_id = $1', [article.data.articleId]);
    expect(row!.selection_reason).toBe('no-api-key');
    expect(await h.query('SELECT 1 FROM llm_usage')).toHaveLength(0);
    expect(await h.metric('pulse_articles_processed_total', { summarizer: 'extractive', reason: 'no-api-key' })).toBe(1);
  });
});
