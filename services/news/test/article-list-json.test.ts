import type { ArticleListRow, ArticleWithCluster } from '../src/adapters/db';
import { articleListItemJson, articleView } from '../src/http/article-view';

const breakdown = {
  score: 0.6121,
  formula: 'v1',
  components: { freshness: { value: 0.9589, weight: 0.35, contribution: 0.3356 }, coverage: { value: 0, weight: 0.2, contribution: 0 } },
  matchedTerms: ['software', 'naïve "quoted"'],
} as unknown as ArticleWithCluster['scoreBreakdown'];

function article(overrides: Partial<ArticleWithCluster> = {}): ArticleWithCluster {
  return Object.assign(Object.create(null) as ArticleWithCluster, {
    id: 'a1511dbf-4d66-405d-9248-fda63f863bd7', seq: '7', tenantId: 't', sourceId: '00bb01d7-496f-4ba7-8e4b-d0f760d98502',
    niche: 'technology', url: 'https://example.org/a?x=1&y="2"', canonicalUrl: 'https://example.org/a', guid: 'guid-1',
    title: 'Quotes " backslash \\ tab \t newline \n emoji 🚀 and \u2028', lead: 'Lead with </script> and \u0001 control', content: 'full text',
    language: 'en', author: 'Staff', keywords: ['science', 'a "b"'], publishedAt: new Date('2026-11-23T06:17:33.123Z'),
    firstSeenAt: new Date('2026-11-23T07:01:05.985Z'), score: 0.6121, scoreBreakdown: breakdown, clusterId: 'c1', simhash: '1',
    deletedAt: null, clusterSize: 3,
  }, overrides);
}

/** The row the repository reads for `a`: jsonb as PostgreSQL prints it (with its spaces), timestamps as ISO text. */
function listRowOf(a: ArticleWithCluster): ArticleListRow {
  const pgJsonb = (value: unknown) => JSON.stringify(value, null, 1).replace(/\n */g, ' ');
  return {
    id: a.id, sourceId: a.sourceId, niche: a.niche, url: a.url, canonicalUrl: a.canonicalUrl, guid: a.guid, title: a.title,
    lead: a.lead, language: a.language, author: a.author, keywordsJson: pgJsonb(a.keywords), publishedAt: a.publishedAt.toISOString(),
    firstSeenAt: a.firstSeenAt.toISOString(), score: a.score, scoreBreakdownJson: pgJsonb(a.scoreBreakdown), clusterId: a.clusterId,
    clusterSize: a.clusterSize,
  };
}

describe('articleListItemJson', () => {
  it.each([
    ['a full article', article()],
    ['nulls where the columns allow them', article({ sourceId: null, guid: null, language: null, author: null, keywords: [] })],
  ])('writes the same document as articleView without content, field for field and in order (%s)', (_case, a) => {
    const text = articleListItemJson(listRowOf(a));
    const expected = articleView(a, { withContent: false });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(parsed)).toEqual(Object.keys(expected));
    expect(parsed).not.toHaveProperty('content');
  });
});
