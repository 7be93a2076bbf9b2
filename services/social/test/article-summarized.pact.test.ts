import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asynchronousBodyHandler, MatchersV3 } from '@pact-foundation/pact';
import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePact, pactsDir, pactMatchers } from '@pulse/testing';
import { composePost, type ComposedPost } from '../src/domain/post-composer';
import { VARIANT_KINDS } from '../src/domain/variant-selection';
import { defaultExperimentId, idempotencyKeyOf } from '../src/publishing/plan-article-posts';

// social's expectations of `article.summarized` (provider: llm): every field the v1 schema
// requires (the bus validates the whole event before the handler) plus the optional `language`
// and `keywords` social puts on the post (hashtags). social picks a text among the variants it
// knows (casual, formal, question, statistic) and falls back to the summary; this scenario is a
// summary with a casual variant. The stable description keeps contracts/pacts/social-llm.json
// identical on reruns.
const consumer = 'social';
const provider = 'llm';
const topic = contracts.articleSummarized.topic;
const description = 'an article.summarized event with a casual variant to post';

const { like, regex, number, boolean, eachLike } = MatchersV3;
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
    language: regex(/^[a-z]{2,3}$/, 'en'),
    summary: like('A chipmaker opened a $20B plant in Ohio that will employ 3,000 people by 2028.'),
    facts: eachLike({ statement: like('The plant will employ 3,000 people.'), quote: like('The plant will employ 3,000 people'), verified: boolean(true) }, 0),
    confidence: number(1),
    variants: { casual: like('Ohio just got a $20B chip plant and 3,000 jobs.') },
    keywords: eachLike('semiconductors', 0),
    model: like('extractive'),
    promptVersion: like('extractive-v1'),
    truncated: boolean(false),
    fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
    summarizedAt: rfc3339('2026-11-23T08:00:02.000Z'),
  },
};

/**
 * The bus's contract validation (createConsumer), then what planArticlePosts derives from the
 * event without the database: the variants social can offer (chooseText's filter over
 * VARIANT_KINDS), the niche's experiment id, the post's idempotency key, its timestamps, and the
 * text composed for a platform (composePost). Channels, experiments and posts need PostgreSQL.
 */
function decodeAsSocialDoes(body: unknown): { event: ArticleSummarizedEvent; offered: string[]; experimentId: string; key: string; composed: ComposedPost; fetchedAt: Date; summarizedAt: Date } {
  const result = contracts.articleSummarized.validate(body);
  if (!result.ok) throw new ValidationError('article.summarized failed its contract', result.errors);
  const event = result.value;
  const { data } = event;
  const offered = VARIANT_KINDS.filter((kind) => typeof data.variants[kind] === 'string' && (data.variants[kind] ?? '').trim() !== '');
  const text = offered[0] === undefined ? data.summary : (data.variants[offered[0]] ?? data.summary);
  const composed = composePost({ platform: 'mastodon', text, articleUrl: data.url, niche: data.niche, keywords: data.keywords ?? [] });
  return {
    event, offered, composed,
    experimentId: defaultExperimentId(data.niche),
    key: idempotencyKeyOf(data.articleId, '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b'),
    fetchedAt: new Date(data.fetchedAt),
    summarizedAt: new Date(data.summarizedAt),
  };
}

describe('social consumes article.summarized (pact with llm)', () => {
  it('plans a Mastodon post from the casual variant with the article link and niche hashtags', async () => {
    let decoded: ReturnType<typeof decodeAsSocialDoes> | undefined;
    await messagePact({ consumer, provider })
      .given('an article was summarized with post variants')
      .expectsToReceive(description)
      .withMetadata({ topic })
      .withContent(expected)
      .verify(asynchronousBodyHandler(async (body) => {
        decoded = decodeAsSocialDoes(body);
      }));

    expect(decoded?.offered).toEqual(['casual']);
    expect(decoded?.experimentId).toBe('technology-default');
    expect(decoded?.key).toBe('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f:4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b');
    expect(decoded?.composed.text).toContain('Ohio just got a $20B chip plant and 3,000 jobs.');
    expect(decoded?.composed.text).toContain('https://example.com/2026/11/23/chip-plant');
    expect(decoded?.composed.hashtags.length).toBeGreaterThan(0);
    expect(decoded?.summarizedAt.getTime() ?? 0).toBeGreaterThan(decoded?.fetchedAt.getTime() ?? Infinity);
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    const pact = JSON.parse(readFileSync(path.join(pactsDir(), `${consumer}-${provider}.json`), 'utf8')) as { messages: Array<{ description: string; metadata: { topic?: string } }> };
    expect(pact.messages.map((m) => m.description)).toEqual([description]);
    expect(pact.messages[0]?.metadata.topic).toBe(topic);
  });

  it('rejects, as the bus would, a message whose article url is not a URL', () => {
    const example = MatchersV3.reify(expected) as { data: Record<string, unknown> };
    expect(() => decodeAsSocialDoes({ ...example, data: { ...example.data, url: 'not a url' } })).toThrow(ValidationError);
  });
});
