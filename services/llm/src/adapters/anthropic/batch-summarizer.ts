import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatchIndividualResponse } from '@anthropic-ai/sdk/resources/messages/batches';
import { createHash } from 'node:crypto';
import { priceFor } from '../../domain/cost-calculator';
import { EXTRACTIVE_MODEL, EXTRACTIVE_VERSION } from '../../domain/extractive-summarizer';
import { buildCombinedRequest, combinedReplySchema, parseToolInput, prepareArticle, TOOL_NAMES, type CombinedReply } from '../../domain/prompts';
import { ZERO_USAGE, type ArticleInput, type NicheProfile, type StageReport, type SummaryResult } from '../../domain/summary.types';
import { quoteProblems, resultFromCombined } from './combined-pipeline';
import { toolInputOf, usageOf } from './reply-reader';
import { priceStages } from './result-assembler';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry-policy';
import { DEFAULT_SUMMARIZER_OPTIONS, type AnthropicSummarizerOptions } from './summarizer-options';

export interface BatchItem {
  article: ArticleInput;
  niche: NicheProfile;
  /** The request's custom_id (unique in the batch); default customIdFor(article.id). */
  customId?: string;
}

/**
 * How the batch answered an item: `succeeded` (a usable reply), `invalid` (a reply, but unusable:
 * filled extractively, it was paid for), or no reply at all (`errored`, `expired`, `canceled`,
 * `missing`: worth a single call instead).
 */
export type BatchItemOutcome = 'succeeded' | 'invalid' | 'errored' | 'expired' | 'canceled' | 'missing';

export interface SubmittedBatch {
  batchId: string;
  /** custom_id -> article id, to keep with the batch until it is collected. */
  customIds: Record<string, string>;
}

export interface BatchCollection {
  status: 'in_progress' | 'canceling' | 'ended';
  /** Empty until the batch has ended; then one entry per submitted item, in item order. */
  results: Array<{ customId: string; articleId: string; outcome: BatchItemOutcome; result: SummaryResult }>;
}

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** The batch custom_id for an article: its id when the API accepts it, else a hash of it. */
export function customIdFor(articleId: string): string {
  return CUSTOM_ID.test(articleId) ? articleId : createHash('sha256').update(articleId).digest('hex').slice(0, 64);
}

/**
 * Backlog summaries through the Message Batches API (half price, results within 24 h). Each
 * article is one combined request (a batch cannot chain stages); verification runs here when
 * results are collected, and any item that errored, expired or replied unusably is filled by
 * the extractive summarizer, marked as such.
 */
export class BatchSummarizer {
  private readonly options: AnthropicSummarizerOptions;

  constructor(
    private readonly client: Anthropic,
    options: Partial<AnthropicSummarizerOptions> & Pick<AnthropicSummarizerOptions, 'model'>,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {
    this.options = { ...DEFAULT_SUMMARIZER_OPTIONS, ...options };
    if (this.options.prices) priceFor(this.options.prices, this.options.model);
  }

  /** Submits one combined request per item; items must have distinct article ids. */
  async submitBatch(items: readonly BatchItem[]): Promise<SubmittedBatch> {
    const customIds: Record<string, string> = {};
    const requests = items.map(({ article, niche, customId: given }) => {
      const customId = given ?? customIdFor(article.id);
      customIds[customId] = article.id;
      const prepared = prepareArticle(article.title, article.text, this.options.maxArticleTokens, article.language);
      const request = buildCombinedRequest(prepared, niche, this.settings());
      return { custom_id: customId, params: request.params };
    });
    const batch = await withRetry(() => this.client.messages.batches.create({ requests }, { maxRetries: 0 }), this.retry);
    return { batchId: batch.id, customIds };
  }

  /** Polls the batch once; when it has ended, maps every result back to its item by custom_id. */
  async collectBatch(batchId: string, items: readonly BatchItem[]): Promise<BatchCollection> {
    const batch = await withRetry(() => this.client.messages.batches.retrieve(batchId, { maxRetries: 0 }), this.retry);
    if (batch.processing_status !== 'ended') return { status: batch.processing_status, results: [] };
    const lines = new Map<string, MessageBatchIndividualResponse>();
    const decoder = await withRetry(() => this.client.messages.batches.results(batchId, { maxRetries: 0 }), this.retry);
    for await (const line of decoder) lines.set(line.custom_id, line);
    const results = items.map((item) => {
      const customId = item.customId ?? customIdFor(item.article.id);
      return { customId, articleId: item.article.id, ...this.toResult(item, lines.get(customId)) };
    });
    return { status: 'ended', results };
  }

  private toResult({ article, niche }: BatchItem, line: MessageBatchIndividualResponse | undefined): { outcome: BatchItemOutcome; result: SummaryResult } {
    const prepared = prepareArticle(article.title, article.text, this.options.maxArticleTokens, article.language);
    const promptVersion = buildCombinedRequest(prepared, niche, this.settings()).promptVersion;
    let reply: CombinedReply | undefined;
    let stage: StageReport;
    let outcome: BatchItemOutcome;
    if (line?.result.type === 'succeeded') {
      const message = line.result.message;
      const usage = usageOf(message.usage);
      const input = toolInputOf(message, TOOL_NAMES.combined);
      const parsed = input.ok ? parseToolInput(combinedReplySchema, input.input) : { ok: false as const, problems: [input.problem] };
      const problems = parsed.ok ? quoteProblems(parsed.value.facts, article.text, this.options) : parsed.problems;
      if (parsed.ok && problems.length === 0) {
        reply = parsed.value;
        stage = { stage: 'combined', model: message.model, promptVersion, usage, calls: 1 };
        outcome = 'succeeded';
      } else {
        stage = fallbackStage(usage, 1, `invalid-reply: ${problems.join('; ')}`);
        outcome = 'invalid';
      }
    } else {
      outcome = line ? line.result.type : 'missing';
      const why = line ? `batch-${line.result.type}` : 'missing-from-batch';
      const detail = line?.result.type === 'errored' ? `: ${line.result.error.error.message}` : '';
      stage = fallbackStage({ ...ZERO_USAGE }, line ? 1 : 0, `${why}${detail}`);
    }
    const [priced] = priceStages([stage], this.options.prices, this.options.model, true);
    return { outcome, result: resultFromCombined(reply, priced!, article, niche, prepared, this.options) };
  }

  private settings() {
    return { model: this.options.model, outputLanguage: this.options.outputLanguage, factCount: this.options.factCount };
  }
}

function fallbackStage(usage: StageReport['usage'], calls: number, fallbackReason: string): StageReport {
  return { stage: 'combined', model: EXTRACTIVE_MODEL, promptVersion: EXTRACTIVE_VERSION, usage, calls, fallbackReason };
}
