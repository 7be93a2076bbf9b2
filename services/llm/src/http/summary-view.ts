import type { SummaryEntity } from '../adapters/db/summary.entity';
import type { SummaryResult } from '../domain/summary.types';

/** The JSON of a stored summary. */
export function storedSummaryView(row: SummaryEntity) {
  return {
    articleId: row.articleId,
    niche: row.niche,
    title: row.title,
    url: row.url,
    summary: row.summary,
    tone: row.tone,
    facts: row.facts,
    confidence: row.confidence,
    variants: row.variants,
    keywords: row.keywords,
    language: row.language,
    model: row.model,
    promptVersion: row.promptVersion,
    truncated: row.truncated,
    cached: row.cached,
    selectionReason: row.selectionReason,
    usage: {
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWriteTokens,
      costUsd: Number(row.costUsd),
    },
    fetchedAt: row.fetchedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The JSON of a summary made for text in the request (not stored). */
export function resultView(result: SummaryResult, summarizer: string, reason: string) {
  return {
    articleId: null,
    niche: result.niche,
    summary: result.summary,
    tone: result.tone,
    facts: result.facts,
    confidence: result.confidence,
    variants: result.variants,
    keywords: result.keywords,
    language: result.language,
    model: result.model,
    promptVersion: result.promptVersion,
    truncated: result.truncated,
    cached: summarizer === 'cache',
    selectionReason: reason,
    usage: { ...result.usage, costUsd: result.costUsd ?? 0 },
    stages: result.stages,
  };
}
