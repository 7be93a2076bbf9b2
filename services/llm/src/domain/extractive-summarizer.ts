import { extractKeywords } from './keyword-extractor';
import { splitSentences } from './sentence-splitter';
import { countWords, rankSentences, termOverlap, type RankedSentence } from './text-rank';
import { templateVariants } from './variant-templates';
import { ZERO_USAGE, type ArticleInput, type ArticleSummarizer, type Fact, type NicheProfile, type SummaryResult } from './summary.types';

export const EXTRACTIVE_MODEL = 'extractive';
export const EXTRACTIVE_VERSION = 'extractive-v1';

export interface ExtractiveOptions {
  /** Only the first N sentences enter the O(n^2) graph (news is front-loaded). */
  maxSentences?: number;
  /** Characters looked at before splitting, so a 200k-character page costs what 50k does. */
  maxChars?: number;
  factCount?: number;
  /** Shorter sentences ("Read more.") are never picked while longer ones exist. */
  minSentenceWords?: number;
}

const DEFAULTS = { maxSentences: 60, maxChars: 40_000, factCount: 3, minSentenceWords: 5 } as const;
const NEAR_DUPLICATE = 0.7;
const HAS_NUMBER = /\d/;

/** What the extractive pass found; the Claude pipeline borrows parts of it for a failed stage. */
export interface ExtractiveAnalysis {
  summary: string;
  facts: Fact[];
  lead: string;
  statistic: string | undefined;
  keywords: string[];
  truncated: boolean;
}

/** Ranks the article's sentences and picks the summary, fact quotes, lead and statistic. */
export function analyzeArticle(title: string, text: string, targetWords: number, options: ExtractiveOptions = {}): ExtractiveAnalysis {
  const settings = { ...DEFAULTS, ...options };
  const clipped = text.length > settings.maxChars ? text.slice(0, settings.maxChars) : text;
  const all = splitSentences(clipped);
  const truncated = clipped.length < text.length || all.length > settings.maxSentences;
  const ranked = rankSentences(all.slice(0, settings.maxSentences));
  if (ranked.length === 0) {
    const fallback = title.trim();
    return { summary: fallback, facts: [], lead: fallback, statistic: undefined, keywords: extractKeywords(title, ''), truncated };
  }
  const eligible = ranked.filter((s) => s.words >= settings.minSentenceWords);
  const pool = (eligible.length > 0 ? eligible : ranked).slice().sort((a, b) => b.score - a.score || a.index - b.index);

  const summary = pickSummary(pool, Math.max(1, targetWords));
  const factSentences = pickFacts(pool, settings.factCount);
  const statistic = pool.find((s) => HAS_NUMBER.test(s.text))?.text;
  const lead = (eligible.length > 0 ? eligible : ranked)[0]!.text;
  return {
    summary,
    facts: factSentences.map((s) => ({ statement: s.text, quote: s.text })),
    lead,
    statistic,
    keywords: extractKeywords(title, clipped),
    truncated,
  };
}

function pickSummary(pool: RankedSentence[], targetWords: number): string {
  const chosen: RankedSentence[] = [];
  let words = 0;
  for (const sentence of pool) {
    if (targetWords - words < 3) break;
    if (words + sentence.words > targetWords) continue;
    if (chosen.some((c) => termOverlap(c, sentence) > NEAR_DUPLICATE)) continue;
    chosen.push(sentence);
    words += sentence.words;
  }
  if (chosen.length === 0) return clipWords(pool[0]!.text, targetWords);
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text)
    .join(' ');
}

function pickFacts(pool: RankedSentence[], count: number): RankedSentence[] {
  // Sentences with figures make better, checkable facts: a mild boost, not a filter.
  const boosted = pool
    .map((s) => ({ s, score: s.score * (HAS_NUMBER.test(s.text) ? 1.25 : 1) }))
    .sort((a, b) => b.score - a.score || a.s.index - b.s.index);
  const picked: RankedSentence[] = [];
  for (const { s } of boosted) {
    if (picked.length >= count) break;
    if (picked.some((p) => termOverlap(p, s) > NEAR_DUPLICATE)) continue;
    picked.push(s);
  }
  return picked.sort((a, b) => a.index - b.index);
}

/** Cuts text to at most `maxWords` words, ending with an ellipsis when it cut. */
export function clipWords(text: string, maxWords: number): string {
  if (countWords(text) <= maxWords) return text;
  const tokens = text.split(/\s+/);
  const kept: string[] = [];
  let words = 0;
  for (const token of tokens) {
    const inToken = countWords(token);
    if (words + inToken > maxWords) break;
    kept.push(token);
    words += inToken;
  }
  return `${kept.join(' ').replace(/[,;:]+$/, '')}…`;
}

/** Offline summary with facts that are quotes by construction and templated variants. */
export function summarizeExtractively(article: ArticleInput, niche: NicheProfile, options: ExtractiveOptions = {}): SummaryResult {
  const analysis = analyzeArticle(article.title, article.text, niche.summaryWords, options);
  const language = article.language ?? 'und';
  // Facts are whole sentences of the article: quotes by construction, no need to search for them.
  const facts = analysis.facts.map((fact) => ({ ...fact, verified: true }));
  const confidence = facts.length > 0 ? 1 : 0;
  const variants = templateVariants({
    title: article.title,
    niche: niche.name,
    summary: analysis.summary,
    lead: analysis.lead,
    statistic: analysis.statistic,
    language,
  });
  return {
    articleId: article.id,
    niche: niche.name,
    summary: analysis.summary,
    tone: analysis.summary,
    facts,
    confidence,
    variants,
    keywords: analysis.keywords,
    model: EXTRACTIVE_MODEL,
    promptVersion: EXTRACTIVE_VERSION,
    language,
    truncated: analysis.truncated,
    usage: { ...ZERO_USAGE },
    costUsd: 0,
    stages: [{ stage: 'combined', model: EXTRACTIVE_MODEL, promptVersion: EXTRACTIVE_VERSION, usage: { ...ZERO_USAGE }, calls: 0, costUsd: 0 }],
  };
}

/** The extractive summarizer behind the common summarizer interface (no API key, over budget). */
export class ExtractiveSummarizer implements ArticleSummarizer {
  constructor(private readonly options: ExtractiveOptions = {}) {}

  async summarizeArticle(article: ArticleInput, niche: NicheProfile): Promise<SummaryResult> {
    return summarizeExtractively(article, niche, this.options);
  }
}
