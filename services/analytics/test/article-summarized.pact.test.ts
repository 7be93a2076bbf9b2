import { MatchersV3 } from '@pact-foundation/pact';
import { contracts } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples } from '@pulse/testing';
import { toFactRow } from '../src/domain/fact-row';

// analytics' expectations of `article.summarized` (provider: llm): every field the v1 schema
// requires (the bus validates the whole event) plus the optional `usage` numbers analytics counts
// as LLM cost and tokens. fetchedAt/summarizedAt must be RFC 3339: the fact's latency is their
// difference. The stable description keeps contracts/pacts/analytics-llm.json identical on reruns.
const { like, number, integer } = MatchersV3;

const pact = messagePactConsumer({
  consumer: 'analytics',
  provider: 'llm',
  contract: contracts.articleSummarized,
  given: 'an article was summarized',
  description: 'an article.summarized event with its LLM usage',
  ...pactExamples.articleSummarized,
  data: {
    ...pactExamples.articleSummarized.data,
    model: like('claude-sonnet-4-5'),
    promptVersion: like('summary-v1'),
    usage: { inputTokens: integer(1200), outputTokens: integer(180), costUsd: number(0.0041) },
  },
  // The fact factRecorder stores; the INSERT needs PostgreSQL.
  handle: toFactRow,
});

describe('analytics consumes article.summarized (pact with llm)', () => {
  it('records the article.summarized message as a summary fact with model, cost, tokens and latency', async () => {
    expect(await pact.verify()).toMatchObject({
      type: 'article.summarized', tenantId: 'acme', niche: 'technology', articleId: '7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f',
      model: 'claude-sonnet-4-5', costUsd: 0.0041, inputTokens: 1200, outputTokens: 180, latencyMs: 2000,
    });
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message without the summary the schema requires', async () => {
    const { summary: _dropped, ...data } = pact.example().data;
    await expect(pact.decode({ ...pact.example(), data })).rejects.toThrow(ValidationError);
  });
});
