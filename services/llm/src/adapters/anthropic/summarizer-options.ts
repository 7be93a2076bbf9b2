import type { PriceTable } from '../../domain/cost-calculator';
import type { ExtractiveOptions } from '../../domain/extractive-summarizer';
import type { VerifyOptions } from '../../domain/fact-verifier';

export interface AnthropicSummarizerOptions {
  model: string;
  /** ISO code summaries and posts are written in, whatever the article's language. */
  outputLanguage: string;
  /** Article text beyond this estimate is cut (and the result says `truncated`). */
  maxArticleTokens: number;
  factCount: number;
  /** Below this verified share the facts reply is repaired once, then replaced by extractive facts. */
  minFactConfidence: number;
  /** `staged`: summary -> facts -> verification -> tone (three calls); `combined`: one call. */
  mode: 'staged' | 'combined';
  /** Enables `costUsd` on results; must price `model`. */
  prices?: PriceTable;
  verify?: VerifyOptions;
  extractive?: ExtractiveOptions;
}

export const DEFAULT_SUMMARIZER_OPTIONS: Omit<AnthropicSummarizerOptions, 'model'> = {
  outputLanguage: 'en',
  maxArticleTokens: 12_000,
  factCount: 5,
  minFactConfidence: 0.5,
  mode: 'staged',
};
