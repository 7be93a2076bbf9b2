export * from './summary.types';
export * from './prompts';
export { normalizeTypography, normalizeForMatch } from './text-normalizer';
export { verifyFacts, quoteOccursIn, type VerifyOptions, type VerificationResult } from './fact-verifier';
export { splitSentences } from './sentence-splitter';
export { rankSentences, contentTerms, countWords, type RankedSentence, type TextRankOptions } from './text-rank';
export {
  analyzeArticle,
  summarizeExtractively,
  clipWords,
  ExtractiveSummarizer,
  EXTRACTIVE_MODEL,
  EXTRACTIVE_VERSION,
  type ExtractiveOptions,
  type ExtractiveAnalysis,
} from './extractive-summarizer';
export { extractKeywords } from './keyword-extractor';
export { templateVariants, type VariantInputs } from './variant-templates';
export { estimateTokens, truncateToTokens, type TruncatedText } from './token-budget';
export { costOfUsage, priceFor, aggregateCosts, totalTokens, roundUsd, type ModelPrice, type PriceTable, type CostOptions, type PricedUsage } from './cost-calculator';
export {
  decide,
  type SelectionConfig,
  type NicheSelection,
  type UsageSoFar,
  type SelectionAction,
  type SelectionReason,
  type SelectionDecision,
} from './selection-policy';
export { contentHash, summaryCacheKey, type HashInput } from './content-hash';
