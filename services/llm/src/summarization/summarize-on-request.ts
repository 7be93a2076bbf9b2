import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ArticleSummarizedEvent, EventContract } from '@pulse/contracts';
import { NotFoundError, PermanentError } from '@pulse/errors';
import { findSkippedArticle } from '../adapters/db/skipped-article.repository';
import { findSummary } from '../adapters/db/summary.repository';
import type { SummaryEntity } from '../adapters/db/summary.entity';
import { recordUsage } from '../adapters/db/usage.repository';
import type { SummaryResult } from '../domain/summary.types';
import { usageRecords, type ArticleMeta } from './article-mapping';
import type { LlmMetrics } from './llm-metrics';
import type { PipelineOutcome, SummarizationPipeline } from './summarization-pipeline';
import { storeSummary } from './summary-store';

export interface OnRequestDeps {
  dataSource: DataSource;
  pipeline: SummarizationPipeline;
  output: EventContract<ArticleSummarizedEvent>;
  pricedModel: string;
  llmMetrics: LlmMetrics;
}

export interface AdHocArticle {
  title: string;
  text: string;
  niche: string;
  language?: string | undefined;
}

function notSummarizable(outcome: Extract<PipelineOutcome, { kind: 'skipped' }>): PermanentError {
  return new PermanentError(`The article cannot be summarized: ${outcome.decision.detail}`, {
    code: outcome.decision.reason,
    details: { reason: outcome.decision.reason },
  });
}

/**
 * Summarizes text given in the request (a preview: nothing stored but its usage, nothing announced).
 * The score threshold does not apply; budgets do.
 */
export async function summarizeText(deps: OnRequestDeps, tenantId: string, input: AdHocArticle): Promise<{ result: SummaryResult; summarizer: string; reason: string }> {
  const article = { id: randomUUID(), tenantId, niche: input.niche, title: input.title, text: input.text, ...(input.language ? { language: input.language } : {}) };
  const outcome = await deps.pipeline.process(article, { force: true });
  if (outcome.kind === 'skipped') throw notSummarizable(outcome);
  await recordUsage(deps.dataSource.manager, usageRecords(outcome.result, tenantId, null, deps.pricedModel));
  return { result: outcome.result, summarizer: outcome.summarizer, reason: outcome.reason };
}

/**
 * The tenant's summary of a stored article: the existing one, or — for an article the selection
 * skipped — a summary made now, stored and announced like one from the consumer.
 */
export async function summarizeStoredArticle(deps: OnRequestDeps, tenantId: string, articleId: string): Promise<{ summary: SummaryEntity; created: boolean }> {
  const existing = await findSummary(deps.dataSource.manager, tenantId, articleId);
  if (existing) return { summary: existing, created: false };
  const skipped = await findSkippedArticle(deps.dataSource.manager, tenantId, articleId);
  if (!skipped) throw new NotFoundError('Article', articleId);

  const article = {
    id: articleId, tenantId, niche: skipped.niche, title: skipped.title, text: skipped.text,
    ...(skipped.language ? { language: skipped.language } : {}),
  };
  const outcome = await deps.pipeline.process(article, { force: true });
  if (outcome.kind === 'skipped') throw notSummarizable(outcome);
  const meta: ArticleMeta = { tenantId, articleId, niche: skipped.niche, title: skipped.title, url: skipped.url, fetchedAt: skipped.fetchedAt.toISOString() };
  const { emitted } = await storeSummary(deps.dataSource.manager, {
    meta, result: outcome.result, summarizer: outcome.summarizer, reason: outcome.reason, contract: deps.output, pricedModel: deps.pricedModel, now: new Date(),
  });
  if (emitted) deps.llmMetrics.processed.inc({ summarizer: outcome.summarizer, reason: outcome.reason });
  const summary = await findSummary(deps.dataSource.manager, tenantId, articleId);
  if (!summary) throw new NotFoundError('Summary', articleId);
  return { summary, created: emitted };
}
