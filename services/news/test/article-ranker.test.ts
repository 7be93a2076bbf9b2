import { coverageScore, DEFAULT_RANKING_WEIGHTS, freshnessScore, relevanceScore, scoreArticle, titleQualityScore, type RankingInput } from '../src/domain/article-ranker';

const NOW = new Date('2025-06-06T12:00:00Z');
const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000);
const base: RankingInput = {
  publishedAt: hoursAgo(2),
  now: NOW,
  authorityWeight: 0.6,
  clusterSize: 1,
  title: 'Central bank holds rates steady and signals two cuts this year',
  text: 'The central bank left its benchmark interest rate unchanged on Wednesday.',
  nicheKeywords: ['interest rate', 'inflation', 'central bank'],
};

describe('scoreArticle', () => {
  it('returns a score in [0, 1] with every component explained', () => {
    const result = scoreArticle(base);
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(Object.keys(result.components).sort()).toEqual(['authority', 'coverage', 'freshness', 'relevance', 'titleQuality']);
    const sum = Object.values(result.components).reduce((s, c) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(result.score, 3);
    expect(result.matchedTerms).toEqual(['interest rate', 'central bank']);
    expect(result.formula).toBe('v1');
  });

  it('is deterministic', () => {
    expect(scoreArticle(base)).toEqual(scoreArticle({ ...base }));
  });

  it('never rises as an article ages', () => {
    const scores = [0, 1, 3, 6, 12, 24, 48, 96, 400].map((h) => scoreArticle({ ...base, publishedAt: hoursAgo(h) }).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBeGreaterThan(scores[scores.length - 1]!);
  });

  it('never falls as source authority grows', () => {
    const scores = [0, 0.2, 0.5, 0.8, 1].map((authorityWeight) => scoreArticle({ ...base, authorityWeight }).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]!);
  });

  it('never falls as more outlets cover the story', () => {
    const scores = [1, 2, 3, 5, 8, 20].map((clusterSize) => scoreArticle({ ...base, clusterSize }).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
  });

  it('never falls as more niche keywords match', () => {
    const titles = ['Weather turns warm this weekend across region', 'Inflation slows as weather turns warm', 'Inflation slows, central bank holds interest rate'];
    const scores = titles.map((title) => scoreArticle({ ...base, title, text: '' }).score);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[2]).toBeGreaterThan(scores[1]!);
  });

  it('counts a keyword in the title more than in the text', () => {
    const inTitle = relevanceScore('Inflation slows in May', 'Prices rose less.', ['inflation'], []);
    const inText = relevanceScore('Prices rose less in May', 'Inflation slowed.', ['inflation'], []);
    expect(inTitle.value).toBeGreaterThan(inText.value);
    expect(inText.matched).toEqual(['inflation']);
  });

  it('counts trending terms and reports them', () => {
    expect(scoreArticle({ ...base, nicheKeywords: [], trendingTerms: ['two cuts'] }).matchedTerms).toEqual(['two cuts']);
  });

  it('spreads the relevance weight over the rest when a niche has no terms', () => {
    const result = scoreArticle({ ...base, nicheKeywords: [], trendingTerms: [] });
    expect(result.components.relevance.weight).toBe(0);
    const total = Object.values(result.components).reduce((s, c) => s + c.weight, 0);
    expect(total).toBeCloseTo(1, 3);
  });

  it('honours per-niche weights', () => {
    const authorityOnly = scoreArticle({ ...base, authorityWeight: 0.7 }, { weights: { freshness: 0, authority: 1, coverage: 0, relevance: 0, titleQuality: 0 } });
    expect(authorityOnly.score).toBe(0.7);
    expect(authorityOnly.components.authority).toEqual({ value: 0.7, weight: 1, contribution: 0.7 });
  });

  it('clamps out-of-range inputs', () => {
    const result = scoreArticle({ ...base, authorityWeight: 7, clusterSize: 0, publishedAt: new Date(NOW.getTime() + 3_600_000) });
    expect(result.components.authority.value).toBe(1);
    expect(result.components.coverage.value).toBe(0);
    expect(result.components.freshness.value).toBe(1);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('has default weights that sum to 1', () => {
    expect(Object.values(DEFAULT_RANKING_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('ranking components', () => {
  it('halves freshness every half-life', () => {
    expect(freshnessScore(NOW, NOW)).toBe(1);
    expect(freshnessScore(hoursAgo(12), NOW)).toBeCloseTo(0.5, 10);
    expect(freshnessScore(hoursAgo(24), NOW)).toBeCloseTo(0.25, 10);
    expect(freshnessScore(hoursAgo(6), NOW, 6)).toBeCloseTo(0.5, 10);
  });

  it('gives coverage 0 for one outlet and 1 at saturation', () => {
    expect(coverageScore(1)).toBe(0);
    expect(coverageScore(8)).toBe(1);
    expect(coverageScore(100)).toBe(1);
    expect(coverageScore(2)).toBeCloseTo(1 / 3, 5);
  });

  it('penalizes shouting, clickbait and very short titles', () => {
    const good = titleQualityScore('Central bank holds rates steady and signals two cuts');
    expect(good).toBe(1);
    expect(titleQualityScore('CENTRAL BANK HOLDS RATES STEADY AGAIN')).toBeLessThan(good);
    expect(titleQualityScore("You won't believe what the central bank did")).toBeLessThan(good);
    expect(titleQualityScore('Rates!!')).toBeLessThan(0.5);
  });
});
