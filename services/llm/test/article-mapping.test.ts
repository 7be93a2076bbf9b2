import { contracts, createEvent } from '@pulse/contracts';
import { articleText, summarizedData, usageRecords, type ArticleMeta } from '../src/summarization/article-mapping';
import type { SummaryResult } from '../src/domain/summary.types';

const meta: ArticleMeta = {
  tenantId: 't1',
  articleId: '4f1c2b7e-8a2d-4f5e-9c3b-1d2e3f4a5b6c',
  niche: 'climate',
  title: 'Solar plan approved',
  url: 'https://news.example.org/a',
  fetchedAt: '2025-11-20T08:01:00.000Z',
};

function result(overrides: Partial<SummaryResult> = {}): SummaryResult {
  const usage = { inputTokens: 100, outputTokens: 20, cacheWriteTokens: 0, cacheReadTokens: 50 };
  return {
    articleId: meta.articleId, niche: 'climate', summary: 'The council approved it.', tone: 'Good news.',
    facts: [{ statement: 'It passed.', quote: 'passed by a vote', verified: true }], confidence: 1,
    variants: { casual: 'a', formal: 'b', question: 'c?', statistic: 'd' }, keywords: ['solar'],
    model: 'claude-sonnet-4-5', promptVersion: 'p1', language: 'en', truncated: false, usage, costUsd: 0.0006,
    stages: [
      { stage: 'summary', model: 'claude-sonnet-4-5', promptVersion: 's', usage, calls: 1, costUsd: 0.0006 },
      { stage: 'facts', model: 'extractive', promptVersion: 'e', usage, calls: 2, costUsd: 0.0003, fallbackReason: 'invalid-reply: x' },
      { stage: 'tone', model: 'extractive', promptVersion: 'e', usage, calls: 0, costUsd: 0 },
    ],
    ...overrides,
  };
}

const validEvent = (data: ReturnType<typeof summarizedData>) =>
  contracts.articleSummarized.validate(createEvent(contracts.articleSummarized, { tenantId: 't1', source: 'pulse/llm', data }));

describe('article text from a news.fetched event', () => {
  it('does not repeat a lead the content already starts with', () => {
    expect(articleText('The lead.', 'The lead.  And the rest.')).toBe('The lead.  And the rest.');
  });

  it('puts a teaser lead before content that lacks it', () => {
    expect(articleText('A teaser.', 'The body.')).toBe('A teaser.\n\nThe body.');
  });

  it('is empty when both are blank', () => {
    expect(articleText('  ', '\n')).toBe('');
  });
});

describe('article.summarized data', () => {
  it('carries fetchedAt, the summarized time, usage and cost and validates against the contract', () => {
    const data = summarizedData(result(), meta, new Date('2025-11-20T08:02:00.000Z'));
    expect(data).toMatchObject({ fetchedAt: meta.fetchedAt, summarizedAt: '2025-11-20T08:02:00.000Z', usage: { inputTokens: 100, costUsd: 0.0006 } });
    expect(validEvent(data).ok).toBe(true);
  });

  it('clips what a model overshoots and drops a language code the contract does not accept', () => {
    const data = summarizedData(
      result({ summary: 'x'.repeat(6000), language: 'en-US', facts: [{ statement: ' ', quote: 'q', verified: false }, { statement: 's', quote: 'y'.repeat(3000), verified: false }] }),
      meta,
      new Date(),
    );
    expect(data.summary).toHaveLength(5000);
    expect(data.language).toBeUndefined();
    expect(data.facts).toHaveLength(1);
    expect(data.facts[0]!.quote).toHaveLength(2000);
    expect(validEvent(data).ok).toBe(true);
  });

  it('falls back to the title when a summary is empty', () => {
    expect(summarizedData(result({ summary: '  ' }), meta, new Date()).summary).toBe(meta.title);
  });
});

describe('usage records', () => {
  it('records each stage that called the API, priced under the configured model even when it fell back', () => {
    const records = usageRecords(result(), 't1', meta.articleId, 'claude-sonnet-4-5');
    expect(records.map((r) => [r.stage, r.model, r.calls, r.costUsd])).toEqual([
      ['summary', 'claude-sonnet-4-5', 1, 0.0006],
      ['facts', 'claude-sonnet-4-5', 2, 0.0003],
    ]);
  });
});
