import type { ArticleSummarizedData, NewsFetchedEvent } from '@pulse/contracts';
import type { NewSummary } from '../adapters/db/summary.repository';
import type { UsageRecord } from '../adapters/db/usage.repository';
import { EXTRACTIVE_MODEL } from '../domain/extractive-summarizer';
import type { ArticleInput, SummaryResult } from '../domain/summary.types';
import type { Summarizer } from './summarization-pipeline';

/** What an emitted event and the stored summary need besides the result. */
export interface ArticleMeta {
  tenantId: string;
  articleId: string;
  niche: string;
  title: string;
  url: string;
  /** From the `news.fetched` event, carried on so downstream can measure end-to-end latency. */
  fetchedAt: string;
}

const LANGUAGE = /^[a-z]{2,3}$/;
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The article text: the lead, then the content, without repeating a lead the content starts with. */
export function articleText(lead: string, content: string): string {
  const l = lead.trim();
  const c = content.trim();
  if (!l) return c;
  if (!c) return l;
  return collapse(c).includes(collapse(l).slice(0, 160)) ? c : `${l}\n\n${c}`;
}

export function articleFromEvent(event: NewsFetchedEvent): ArticleInput {
  const d = event.data;
  return {
    id: d.articleId,
    tenantId: event.tenantId,
    niche: d.niche,
    title: d.title,
    text: articleText(d.lead, d.content),
    ...(d.language ? { language: d.language } : {}),
    score: d.score,
  };
}

export function metaFromEvent(event: NewsFetchedEvent): ArticleMeta {
  const d = event.data;
  return { tenantId: event.tenantId, articleId: d.articleId, niche: d.niche, title: d.title, url: d.url, fetchedAt: d.fetchedAt };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The `article.summarized` data, clipped to the contract's limits (a model may overshoot them). */
export function summarizedData(result: SummaryResult, meta: ArticleMeta, summarizedAt: Date): ArticleSummarizedData {
  const language = result.language.toLowerCase();
  const variants: Record<string, string> = {};
  for (const [name, text] of Object.entries(result.variants)) if (text) variants[name] = clip(text, 5000);
  return {
    articleId: meta.articleId,
    niche: meta.niche,
    url: meta.url,
    title: meta.title,
    ...(LANGUAGE.test(language) ? { language } : {}),
    summary: clip(result.summary.trim() || meta.title, 5000),
    facts: result.facts
      .filter((f) => f.statement.trim().length > 0)
      .slice(0, 50)
      .map((f) => ({ statement: clip(f.statement, 2000), quote: clip(f.quote, 2000), verified: f.verified })),
    confidence: Math.min(1, Math.max(0, result.confidence)),
    variants,
    keywords: result.keywords.slice(0, 50).map((k) => clip(k, 100)),
    model: result.model,
    promptVersion: result.promptVersion,
    truncated: result.truncated,
    usage: { ...result.usage, costUsd: result.costUsd ?? 0 },
    fetchedAt: meta.fetchedAt,
    summarizedAt: summarizedAt.toISOString(),
  };
}

/** The `summaries` row for a result. */
export function summaryRow(data: ArticleSummarizedData, result: SummaryResult, meta: ArticleMeta, summarizer: Summarizer, reason: string): NewSummary {
  return {
    tenantId: meta.tenantId,
    articleId: meta.articleId,
    niche: meta.niche,
    title: meta.title,
    url: meta.url,
    summary: data.summary,
    tone: result.tone || data.summary,
    facts: data.facts,
    confidence: data.confidence,
    variants: result.variants,
    keywords: data.keywords ?? [],
    language: data.language ?? null,
    model: data.model,
    promptVersion: data.promptVersion,
    truncated: data.truncated,
    cached: summarizer === 'cache',
    selectionReason: reason,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cacheReadTokens: result.usage.cacheReadTokens,
    cacheWriteTokens: result.usage.cacheWriteTokens,
    costUsd: (result.costUsd ?? 0).toFixed(9),
    fetchedAt: new Date(meta.fetchedAt),
  };
}

/** One usage row per stage that called the API (a stage that fell back after calling still cost money). */
export function usageRecords(result: SummaryResult, tenantId: string, articleId: string | null, pricedModel: string): UsageRecord[] {
  return result.stages
    .filter((stage) => stage.calls > 0)
    .map((stage) => ({
      tenantId,
      niche: result.niche,
      articleId,
      stage: stage.stage,
      model: stage.model === EXTRACTIVE_MODEL ? pricedModel : stage.model,
      calls: stage.calls,
      usage: stage.usage,
      costUsd: stage.costUsd ?? 0,
    }));
}
