import { MatchersV3 } from '@pact-foundation/pact';
import { contracts, type ArticleSummarizedEvent } from '@pulse/contracts';
import { ValidationError } from '@pulse/errors';
import { messagePactConsumer, pactExamples } from '@pulse/testing';
import { composePost } from '../src/domain/post-composer';
import { VARIANT_KINDS } from '../src/domain/variant-selection';
import { defaultExperimentId, idempotencyKeyOf } from '../src/publishing/plan-article-posts';

// social's expectations of `article.summarized` (provider: llm): every field the v1 schema
// requires (the bus validates the whole event before the handler) plus the optional `language`
// and `keywords` social puts on the post (hashtags). social picks a text among the variants it
// knows (casual, formal, question, statistic) and falls back to the summary; this scenario is a
// summary with a casual variant. The stable description keeps contracts/pacts/social-llm.json
// identical on reruns.
const { like, regex, eachLike } = MatchersV3;

/**
 * What planArticlePosts derives from the event without the database: the variants social can
 * offer (chooseText's filter over VARIANT_KINDS), the niche's experiment id, the post's
 * idempotency key, its timestamps, and the text composed for a platform (composePost).
 * Channels, experiments and posts need PostgreSQL.
 */
function planAsSocialDoes(event: ArticleSummarizedEvent) {
  const { data } = event;
  const offered = VARIANT_KINDS.filter((kind) => typeof data.variants[kind] === 'string' && (data.variants[kind] ?? '').trim() !== '');
  const text = offered[0] === undefined ? data.summary : (data.variants[offered[0]] ?? data.summary);
  return {
    event, offered,
    composed: composePost({ platform: 'mastodon', text, articleUrl: data.url, niche: data.niche, keywords: data.keywords ?? [] }),
    experimentId: defaultExperimentId(data.niche),
    key: idempotencyKeyOf(data.articleId, '4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b'),
    fetchedAt: new Date(data.fetchedAt),
    summarizedAt: new Date(data.summarizedAt),
  };
}

const pact = messagePactConsumer({
  consumer: 'social',
  provider: 'llm',
  contract: contracts.articleSummarized,
  given: 'an article was summarized with post variants',
  description: 'an article.summarized event with a casual variant to post',
  ...pactExamples.articleSummarized,
  data: {
    ...pactExamples.articleSummarized.data,
    language: regex(/^[a-z]{2,3}$/, 'en'),
    variants: { casual: like('Ohio just got a $20B chip plant and 3,000 jobs.') },
    keywords: eachLike('semiconductors', 0),
  },
  handle: planAsSocialDoes,
});

describe('social consumes article.summarized (pact with llm)', () => {
  it('plans a Mastodon post from the casual variant with the article link and niche hashtags', async () => {
    const decoded = await pact.verify();
    expect(decoded.offered).toEqual(['casual']);
    expect(decoded.experimentId).toBe('technology-default');
    expect(decoded.key).toBe('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f:4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b');
    expect(decoded.composed.text).toContain('Ohio just got a $20B chip plant and 3,000 jobs.');
    expect(decoded.composed.text).toContain('https://example.com/2026/11/23/chip-plant');
    expect(decoded.composed.hashtags.length).toBeGreaterThan(0);
    expect(decoded.summarizedAt.getTime()).toBeGreaterThan(decoded.fetchedAt.getTime());
  });

  it('keeps exactly this interaction in the pact file, so reruns leave it unchanged', () => {
    expect(pact.recordedMessages()).toEqual([pact.interaction]);
  });

  it('rejects, as the bus would, a message whose article url is not a URL', async () => {
    await expect(pact.decode(pact.example({ data: { url: 'not a url' } }))).rejects.toThrow(ValidationError);
  });
});
