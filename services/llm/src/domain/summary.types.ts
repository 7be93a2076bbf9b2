/** The shapes the llm domain works with; adapters and consumers map to and from them. */

/** An article to summarize (mapped from a `news.fetched` event or an HTTP request). */
export interface ArticleInput {
  id: string;
  tenantId: string;
  niche: string;
  title: string;
  /** Plain-text body (lead + content). */
  text: string;
  /** ISO 639-1/2 code of the article text when the feed says so. */
  language?: string;
  /** Ranking score from the news service, 0..1. */
  score?: number;
}

/** How one niche wants its summaries written. */
export interface NicheProfile {
  name: string;
  /** Who reads the posts, e.g. "developers who follow AI research". */
  audience: string;
  /** Length target of the summary in words. */
  summaryWords: number;
}

/** A fact as a model (or the extractive summarizer) states it. */
export interface Fact {
  statement: string;
  /** Verbatim supporting quote from the article. */
  quote: string;
}

export interface VerifiedFact extends Fact {
  /** True only if the quote occurs in the article text (see fact-verifier.ts for the rules). */
  verified: boolean;
}

export const VARIANT_NAMES = ['casual', 'formal', 'question', 'statistic'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];
export type PostVariants = Record<VariantName, string>;

/** Token counts of one or more API calls, named as in the `article.summarized` contract. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Tokens written to the prompt cache (`cache_creation_input_tokens`). */
  cacheWriteTokens: number;
  /** Tokens read from the prompt cache (`cache_read_input_tokens`). */
  cacheReadTokens: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });

export type StageName = 'summary' | 'facts' | 'tone' | 'combined';

/** What one pipeline stage did: who produced it, at what cost, and why it fell back if it did. */
export interface StageReport {
  stage: StageName;
  /** Model id, or "extractive". */
  model: string;
  promptVersion: string;
  usage: TokenUsage;
  /** API calls made for this stage (retries and repairs included). */
  calls: number;
  costUsd?: number;
  /** Set when this stage's output came from the extractive fallback. */
  fallbackReason?: string;
}

/** The outcome of summarizing one article. */
export interface SummaryResult {
  articleId: string;
  niche: string;
  summary: string;
  /** The summary rewritten for the niche's audience. */
  tone: string;
  facts: VerifiedFact[];
  /** Share of facts whose quote was found in the article (0 when there are no facts). */
  confidence: number;
  variants: PostVariants;
  keywords: string[];
  /** The model that wrote the summary, or "extractive". */
  model: string;
  promptVersion: string;
  /** Output language (ISO code). */
  language: string;
  /** The article text was cut to the token budget before summarizing. */
  truncated: boolean;
  usage: TokenUsage;
  costUsd?: number;
  stages: StageReport[];
}

/** Anything that turns an article into a summary result (Claude pipeline, extractive summarizer). */
export interface ArticleSummarizer {
  summarizeArticle(article: ArticleInput, niche: NicheProfile): Promise<SummaryResult>;
}

/** Adds token usages field by field. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
}
