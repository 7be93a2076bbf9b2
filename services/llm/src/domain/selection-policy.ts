/**
 * Which articles get Claude, which get the offline summarizer and which are skipped. Pure: the
 * caller supplies today's usage for the article's tenant and niche (from its usage table).
 */
import type { ArticleInput } from './summary.types';
import { countWords } from './text-rank';

export interface NicheSelection {
  /** Articles ranked below this score (0..1) are skipped. */
  scoreThreshold: number;
  /** Daily token budget per tenant and niche; unset = unlimited. */
  dailyTokenBudget?: number;
  /** Daily cost budget in USD per tenant and niche; unset = unlimited. */
  dailyCostBudgetUsd?: number;
}

export interface SelectionConfig {
  niches: Readonly<Record<string, NicheSelection>>;
  /** Used for niches not listed. */
  defaults: NicheSelection;
  /** False when no API key is configured: everything selected goes extractive. */
  apiAvailable: boolean;
}

/** What this tenant and niche used today. */
export interface UsageSoFar {
  tokens: number;
  costUsd: number;
}

export type SelectionAction = 'summarize' | 'extractive' | 'skip';
export type SelectionReason =
  | 'selected'
  | 'empty-text'
  | 'below-threshold'
  | 'no-api-key'
  | 'token-budget-exhausted'
  | 'cost-budget-exhausted';

export interface SelectionDecision {
  action: SelectionAction;
  /** A stable code, for counters and logs. */
  reason: SelectionReason;
  /** Human-readable numbers behind the reason. */
  detail: string;
}

/**
 * Whether decide looks at today's usage for the niche: only with an API key and a daily budget.
 * Otherwise the caller can skip reading it (a SUM over the usage table per article).
 */
export function usageMatters(niche: string, config: SelectionConfig): boolean {
  const selection = config.niches[niche] ?? config.defaults;
  return config.apiAvailable && (selection.dailyTokenBudget !== undefined || selection.dailyCostBudgetUsd !== undefined);
}

/** Decides how to handle one article given today's usage; budgets are checked against usage already spent. */
export function decide(article: ArticleInput, usageSoFar: UsageSoFar, config: SelectionConfig): SelectionDecision {
  const niche = config.niches[article.niche] ?? config.defaults;
  if (countWords(article.text) === 0) {
    return { action: 'skip', reason: 'empty-text', detail: 'the article has no text to summarize' };
  }
  const score = article.score ?? 1;
  if (score < niche.scoreThreshold) {
    return { action: 'skip', reason: 'below-threshold', detail: `score ${score} < threshold ${niche.scoreThreshold} for niche ${article.niche}` };
  }
  if (!config.apiAvailable) {
    return { action: 'extractive', reason: 'no-api-key', detail: 'no Anthropic API key configured' };
  }
  if (niche.dailyTokenBudget !== undefined && usageSoFar.tokens >= niche.dailyTokenBudget) {
    return {
      action: 'extractive',
      reason: 'token-budget-exhausted',
      detail: `${usageSoFar.tokens} of ${niche.dailyTokenBudget} daily tokens used by tenant ${article.tenantId} in niche ${article.niche}`,
    };
  }
  if (niche.dailyCostBudgetUsd !== undefined && usageSoFar.costUsd >= niche.dailyCostBudgetUsd) {
    return {
      action: 'extractive',
      reason: 'cost-budget-exhausted',
      detail: `$${usageSoFar.costUsd} of $${niche.dailyCostBudgetUsd} daily budget used by tenant ${article.tenantId} in niche ${article.niche}`,
    };
  }
  return { action: 'summarize', reason: 'selected', detail: `score ${score} >= threshold ${niche.scoreThreshold}` };
}
