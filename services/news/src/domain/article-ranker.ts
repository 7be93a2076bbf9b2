/**
 * Explainable article score in [0, 1].
 *
 *   score = Σ_c  w_c · v_c          (weights normalized to sum 1)
 *
 *   freshness     v = 0.5 ^ (ageHours / halfLifeHours)          age < 0 counts as 0
 *   authority     v = clamp(authorityWeight, 0, 1)             the source's configured weight
 *   coverage      v = min(1, log2(clusterSize) / log2(saturation))  1 outlet -> 0, `saturation` outlets -> 1
 *   relevance     v = 1 − exp(−hits / 3)                        hits: niche keyword in title 2, in text 1;
 *                                                               trending term in title or text 1
 *   titleQuality  v = 1 − penalties                             too short/long, ALL CAPS, clickbait, "!!"
 *
 * Default weights: freshness 0.35, authority 0.20, coverage 0.20, relevance 0.20, titleQuality 0.05,
 * overridable per niche. When a niche has neither keywords nor trending terms, relevance carries
 * no information and its weight is spread over the others (so scores are not all depressed).
 * Deterministic: the same input gives the same score (rounded to 4 decimals) and breakdown.
 */
import { tokenize } from './simhash';

export type RankingComponent = 'freshness' | 'authority' | 'coverage' | 'relevance' | 'titleQuality';
export type RankingWeights = Record<RankingComponent, number>;

export const DEFAULT_RANKING_WEIGHTS: RankingWeights = { freshness: 0.35, authority: 0.2, coverage: 0.2, relevance: 0.2, titleQuality: 0.05 };

export interface RankingParams {
  weights?: Partial<RankingWeights>;
  /** Hours after which freshness halves. Default 12. */
  halfLifeHours?: number;
  /** Cluster size at which coverage is full. Default 8. */
  coverageSaturation?: number;
}

export interface RankingInput {
  publishedAt: Date;
  now: Date;
  /** The source's authority, 0..1. */
  authorityWeight: number;
  /** Articles in the story cluster, this one included (1 = only this outlet). */
  clusterSize: number;
  title: string;
  /** Summary or lead: where keywords count half as much as in the title. */
  text?: string;
  nicheKeywords?: string[];
  trendingTerms?: string[];
}

export interface ComponentScore {
  value: number;
  weight: number;
  contribution: number;
}

export interface ScoreBreakdown {
  score: number;
  components: Record<RankingComponent, ComponentScore>;
  matchedTerms: string[];
  formula: 'v1';
}

const CLICKBAIT = /\b(you won'?t believe|shocking|what happens next|will blow your mind|this one trick|goes viral|must see|doctors hate)\b/i;

const round = (value: number): number => Math.round(value * 10_000) / 10_000;
const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** 1 at publication, 0.5 after one half-life, and so on. */
export function freshnessScore(publishedAt: Date, now: Date, halfLifeHours = 12): number {
  const ageHours = Math.max(0, (now.getTime() - publishedAt.getTime()) / 3_600_000);
  return Math.pow(0.5, ageHours / halfLifeHours);
}

export function coverageScore(clusterSize: number, saturation = 8): number {
  if (!(clusterSize > 1)) return 0;
  return clamp01(Math.log2(clusterSize) / Math.log2(Math.max(2, saturation)));
}

/** A headline's craft: informative length, no shouting, no clickbait. */
export function titleQualityScore(title: string): number {
  const words = title.trim().split(/\s+/).filter(Boolean);
  let penalty = 0;
  if (words.length < 4) penalty += 0.4;
  if (words.length > 22) penalty += 0.3;
  const letters = title.replace(/[^\p{L}]/gu, '');
  const upper = title.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 10 && upper.length / letters.length > 0.6) penalty += 0.4;
  if (CLICKBAIT.test(title)) penalty += 0.5;
  if ((title.match(/!/g) ?? []).length > 1) penalty += 0.2;
  if (title.trim().endsWith('?')) penalty += 0.1;
  return clamp01(1 - penalty);
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Keyword relevance and the terms that matched. */
export function relevanceScore(title: string, text: string, keywords: string[], trending: string[]): { value: number; matched: string[] } {
  // Nothing to look for (a niche without keywords, the common case): no tokenizing of the text.
  if (keywords.length === 0 && trending.length === 0) return { value: 0, matched: [] };
  const titleTokens = tokenize(title);
  const textTokens = tokenize(text);
  let hits = 0;
  const matched: string[] = [];
  for (const keyword of new Set(keywords)) {
    const needle = tokenize(keyword);
    if (containsSequence(titleTokens, needle)) hits += 2;
    else if (containsSequence(textTokens, needle)) hits += 1;
    else continue;
    matched.push(keyword);
  }
  for (const term of new Set(trending)) {
    const needle = tokenize(term);
    if (!containsSequence(titleTokens, needle) && !containsSequence(textTokens, needle)) continue;
    hits += 1;
    if (!matched.includes(term)) matched.push(term);
  }
  return { value: 1 - Math.exp(-hits / 3), matched };
}

function normalizedWeights(params: RankingParams, relevanceApplies: boolean): RankingWeights {
  const weights: RankingWeights = { ...DEFAULT_RANKING_WEIGHTS, ...params.weights };
  if (!relevanceApplies) weights.relevance = 0;
  const total = Object.values(weights).reduce((sum, w) => sum + Math.max(0, w), 0);
  const out = {} as RankingWeights;
  for (const key of Object.keys(weights) as RankingComponent[]) out[key] = total > 0 ? Math.max(0, weights[key]) / total : 0;
  return out;
}

/** Scores one article and explains every component. */
export function scoreArticle(input: RankingInput, params: RankingParams = {}): ScoreBreakdown {
  const keywords = input.nicheKeywords ?? [];
  const trending = input.trendingTerms ?? [];
  const relevance = relevanceScore(input.title, input.text ?? '', keywords, trending);
  const values: Record<RankingComponent, number> = {
    freshness: freshnessScore(input.publishedAt, input.now, params.halfLifeHours),
    authority: clamp01(input.authorityWeight),
    coverage: coverageScore(input.clusterSize, params.coverageSaturation),
    relevance: relevance.value,
    titleQuality: titleQualityScore(input.title),
  };
  const weights = normalizedWeights(params, keywords.length + trending.length > 0);
  const components = {} as Record<RankingComponent, ComponentScore>;
  let score = 0;
  for (const key of Object.keys(values) as RankingComponent[]) {
    const contribution = weights[key] * values[key];
    score += contribution;
    components[key] = { value: round(values[key]), weight: round(weights[key]), contribution: round(contribution) };
  }
  return { score: round(clamp01(score)), components, matchedTerms: relevance.matched, formula: 'v1' };
}
