import type { DataSource } from 'typeorm';
import type { Logger } from '@pulse/observability';
import { usageSince } from '../adapters/db/usage.repository';
import type { SummaryCache } from '../adapters/cache/summary-cache';
import { contentHash } from '../domain/content-hash';
import { EXTRACTIVE_MODEL } from '../domain/extractive-summarizer';
import { decide, usageMatters, type SelectionDecision, type UsageSoFar } from '../domain/selection-policy';
import { ZERO_USAGE, type ArticleInput, type NicheProfile, type SummaryResult } from '../domain/summary.types';
import { countSpend, type LlmMetrics } from './llm-metrics';
import type { NicheSettings } from './niche-settings';
import type { Summarizers } from './summarizers.factory';

export type Summarizer = 'claude' | 'extractive' | 'cache';

export type PipelineOutcome =
  | { kind: 'skipped'; decision: SelectionDecision }
  /** To be summarized through a Message Batch (the caller queues it; batching/batch-worker.ts finishes it). */
  | { kind: 'batched'; reason: string }
  | {
      kind: 'summarized';
      result: SummaryResult;
      summarizer: Summarizer;
      /** Why this summarizer: selected, no-api-key, token-budget-exhausted, cost-budget-exhausted, circuit-open, forced. */
      reason: string;
    };

/** Today's usage where no budget applies (decide does not look at it then). */
const NOTHING_USED: UsageSoFar = { tokens: 0, costUsd: 0 };

export interface PipelineDeps {
  dataSource: DataSource;
  summarizers: Summarizers;
  cache: SummaryCache;
  niches: NicheSettings;
  outputLanguage: string;
  metrics: LlmMetrics;
  logger: Logger;
  /** Says when Claude-bound articles go to Message Batches; absent = never. */
  batchMode?: { active(): boolean };
  now?: () => Date;
}

/**
 * decide -> (Claude: result cache -> AnthropicSummarizer) or the extractive summarizer. Never
 * throws for API trouble (the Claude pipeline fills failed stages extractively); a database error
 * reading today's usage does throw, as a retriable error for the consumer to retry.
 */
export class SummarizationPipeline {
  private readonly now: () => Date;

  constructor(private readonly deps: PipelineDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * `force` (an explicit API request) ignores the score threshold; budgets and empty text still
   * apply. `allowBatch` (the consumer, which can queue the article) lets a backlog go to batches.
   */
  async process(article: ArticleInput, options?: { force?: boolean }): Promise<Exclude<PipelineOutcome, { kind: 'batched' }>>;
  async process(article: ArticleInput, options: { force?: boolean; allowBatch: boolean }): Promise<PipelineOutcome>;
  async process(article: ArticleInput, options: { force?: boolean; allowBatch?: boolean } = {}): Promise<PipelineOutcome> {
    const { niches, summarizers } = this.deps;
    const usage = usageMatters(article.niche, niches.selection)
      ? await usageSince(this.deps.dataSource.manager, article.tenantId, article.niche, startOfUtcDay(this.now()))
      : NOTHING_USED;
    const judged = options.force ? { ...article, score: 1 } : article;
    const decision = decide(judged, usage, niches.selection);
    if (decision.action === 'skip') return { kind: 'skipped', decision };

    const niche = niches.profileOf(article.niche);
    const reason = options.force && decision.reason === 'selected' ? 'forced' : decision.reason;
    const claude = summarizers.claude;
    if (decision.action === 'extractive' || !claude) return this.extractive(article, niche, reason);
    if (claude.caller.circuitState === 'open') return this.extractive(article, niche, 'circuit-open');

    const key = contentHash({
      title: article.title,
      text: article.text,
      promptVersion: claude.promptVersion,
      // The niche's profile shapes the output, so a changed audience or length misses too.
      niche: `${niche.name}|${niche.audience}|${niche.summaryWords}`,
      outputLanguage: this.deps.outputLanguage,
      model: claude.model,
    });
    const cached = await this.deps.cache.get(key);
    this.deps.metrics.cache.inc({ result: cached ? 'hit' : 'miss' });
    if (cached) return { kind: 'summarized', result: reusedFor(cached, article), summarizer: 'cache', reason };
    if (options.allowBatch && this.deps.batchMode?.active()) return { kind: 'batched', reason };

    const stopTimer = this.deps.metrics.duration.startTimer({ summarizer: 'claude' });
    const result = await claude.summarizer.summarizeArticle(article, niche);
    stopTimer();
    countSpend(this.deps.metrics, result, claude.model);
    const fallbacks = result.stages.filter((s) => s.fallbackReason);
    if (fallbacks.length === 0) await this.deps.cache.set(key, result);
    else this.deps.logger.warn('Claude stages fell back to the extractive summarizer', { articleId: article.id, fallbacks: fallbacks.map((s) => `${s.stage}: ${s.fallbackReason}`) });
    return { kind: 'summarized', result, summarizer: result.model === EXTRACTIVE_MODEL ? 'extractive' : 'claude', reason };
  }

  private async extractive(article: ArticleInput, niche: NicheProfile, reason: string): Promise<PipelineOutcome> {
    const stopTimer = this.deps.metrics.duration.startTimer({ summarizer: 'extractive' });
    const result = await this.deps.summarizers.extractive.summarizeArticle(article, niche);
    stopTimer();
    return { kind: 'summarized', result, summarizer: 'extractive', reason };
  }
}

// A cached result describes the same content: only the article id changes, and it cost nothing now.
function reusedFor(cached: SummaryResult, article: ArticleInput): SummaryResult {
  return {
    ...cached,
    articleId: article.id,
    usage: { ...ZERO_USAGE },
    costUsd: 0,
    stages: cached.stages.map((s) => ({ ...s, usage: { ...ZERO_USAGE }, calls: 0, costUsd: 0 })),
  };
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
