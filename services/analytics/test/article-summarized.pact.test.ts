import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';
import type { AnalyticsEvent } from '../src/domain/analytics-event';
import { toFactRow, type FactRow } from '../src/domain/fact-row';

// analytics' expectations of `article.summarized` (provider: llm): every field the v1 schema
// requires (the bus validates the whole event) plus the optional `usage` numbers analytics counts
// as LLM cost and tokens. fetchedAt/summarizedAt must be RFC 3339: the fact's latency is their
// difference. The stable description keeps contracts/pacts/analytics-llm.json identical on reruns.
const consumer = 'analytics';
const provider = 'llm';
const topic = contracts.articleSummarized.topic;
const description = 'an article.summarized event with its LLM usage';

const { like, regex, number, integer, boolean, eachLike } = MatchersV3;
const { uuid, rfc3339, httpUrl, tenantId } = pactMatchers;

const expected = {
  specversion: '1.0',
  id: uuid('1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918'),
  type: topic,
  version: 1,
  source: like('pulse/llm'),
  time: rfc3339('2026-11-23T08:00:02.000Z'),
  tenantId: tenantId('acme'),
  data: {
    articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
    niche: like('technology'),
    url: httpUrl('https://example.com/2026/11/23/chip-plant'),
    title: like('Chipmaker opens a 20 billion dollar plant in Ohio'),
    summary: like('A chipmaker opened a $20B plant in Ohio that will employ 3,000 people by 2028.'),
    // Required by the schema, not read by analytics: any number of facts of the right shape.
    facts: eachLike({ statement: like('The plant will employ 3,000 people.'), quote: like('The plant will employ 3,000 people'), verified: boolean(true) }, 0),
    confidence: number(1),
    variants: like({}),
    model: like('claude-sonnet-4-5'),
    promptVersion: like('summary-v1'),
    truncated: boolean(false),
    usage: { inputTokens: integer(1200), outputTokens: integer(180), costUsd: number(0.0041) },
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
    summarizedAt: rfc3339('2026-11-23T08:00:02.000Z'),
  },
};

/** The bus's contract validation, then the fact factRecorder stores (toFactRow); the INSERT needs PostgreSQL. */
function decodeAsAnalyticsDoes(body: unknown): FactRow {
  const result = contracts.articleSummarized.validate(body);
  if (!result.ok) throw new ValidationError('article.summarized failed its contract', result.errors);
  return toFactRow(result.value as AnalyticsEvent);
}

describe('analytics consumes article.summarized (pact with llm)', () => {
  it('records the article.summarized message as a summary fact with model, cost, tokens and latency', async () => {
    let fact: FactRow | undefined;
    await messagePact({ consumer, provider })
      .given('an article was summarized')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        fact = decodeAsAnalyticsDoes(body);
      }));

    expect(fact).toMatchObject({
      type: 'article.summarized', tenantId: 'acme', niche: 'technology', articleId: '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f',
      model: 'claude-sonnet-4-5', costUsd: 0.0041, inputTokens: 1200, outputTokens: 180, latencyMs: 2000,
    });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.map((m) => m.description)).toEqual([description]);
    expect(pact.messages[0]?.metadata.topic).toBe(topic);
  });

  it('rejects, as the bus would, a message without the summary the schema requires', () => {
    const example = MatchersV3.reify(expected) as { data: Record<string, unknown> };
    const { summary: _dropped, ...data } = example.data;
    expect(() => decodeAsAnalyticsDoes({ ...example, data })).toThrow(ValidationError);
  });
});
