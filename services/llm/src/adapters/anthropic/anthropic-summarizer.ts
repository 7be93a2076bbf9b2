import { priceFor } from '../../domain/cost-calculator';
import { EXTRACTIVE_MODEL, EXTRACTIVE_VERSION, summarizeExtractively } from '../../domain/extractive-summarizer';
import { verifyFacts } from '../../domain/fact-verifier';
import {
  PIPELINE_PROMPT_VERSION,
  buildFactsRequest,
  buildSummaryRequest,
  buildToneRequest,
  factsReplySchema,
  prepareArticle,
  summaryReplySchema,
  toneReplySchema,
  type PreparedArticle,
  type PromptSettings,
  type StageRequest,
} from '../../domain/prompts';
import { ZERO_USAGE, type ArticleInput, type ArticleSummarizer, type NicheProfile, type StageReport, type SummaryResult } from '../../domain/summary.types';
import { countWords } from '../../domain/text-rank';
import { quoteProblems, summarizeCombined } from './combined-pipeline';
import type { ResilientCaller } from './resilient-caller';
import { LazyExtractive, assembleResult, priceStages } from './result-assembler';
import { runStage, type StageOutcome } from './stage-runner';
import { DEFAULT_SUMMARIZER_OPTIONS, type AnthropicSummarizerOptions } from './summarizer-options';

/**
 * Claude summaries as a pipeline: summary -> facts -> verification (ours, deterministic) -> tone.
 * Each stage that cannot get a usable reply (API down, circuit open, invalid JSON twice, quotes
 * that do not exist) is filled from the extractive summarizer and says so in its StageReport;
 * once the API itself has failed, the remaining stages do not call it again. Never throws for
 * API or reply trouble.
 */
export class AnthropicSummarizer implements ArticleSummarizer {
  private readonly options: AnthropicSummarizerOptions;

  constructor(
    private readonly caller: ResilientCaller,
    options: Partial<AnthropicSummarizerOptions> & Pick<AnthropicSummarizerOptions, 'model'>,
  ) {
    this.options = { ...DEFAULT_SUMMARIZER_OPTIONS, ...options };
    // Fail at start-up, not on the first article, when the price table lacks the model.
    if (this.options.prices) priceFor(this.options.prices, this.options.model);
  }

  async summarizeArticle(article: ArticleInput, niche: NicheProfile): Promise<SummaryResult> {
    if (countWords(article.text) === 0) return this.extractiveOnly(article, niche);
    const prepared = prepareArticle(article.title, article.text, this.options.maxArticleTokens, article.language);
    const settings: PromptSettings = { model: this.options.model, outputLanguage: this.options.outputLanguage, factCount: this.options.factCount };
    if (this.options.mode === 'combined') return summarizeCombined(this.caller, this.options, article, niche, prepared, settings);
    return this.staged(article, niche, prepared, settings);
  }

  private async staged(article: ArticleInput, niche: NicheProfile, prepared: PreparedArticle, settings: PromptSettings): Promise<SummaryResult> {
    const extractive = new LazyExtractive(article, niche, this.options.extractive);
    const stages: StageReport[] = [];
    let apiDown: string | undefined;

    const summaryRequest = buildSummaryRequest(prepared, niche, settings);
    const summaryOutcome = await runStage(this.caller, summaryRequest, summaryReplySchema);
    stages.push(this.report(summaryRequest, summaryOutcome));
    if (!summaryOutcome.ok && summaryOutcome.apiFailure) apiDown = summaryOutcome.reason;
    const summary = summaryOutcome.ok ? summaryOutcome.value.summary : extractive.get().summary;
    const language = summaryOutcome.ok ? summaryOutcome.value.language.toLowerCase() : (article.language ?? this.options.outputLanguage);
    const keywords = summaryOutcome.ok && summaryOutcome.value.keywords ? summaryOutcome.value.keywords.slice(0, 8) : extractive.get().keywords;

    const factsRequest = buildFactsRequest(prepared, settings);
    const checkQuotes = (reply: { facts: { statement: string; quote: string }[] }): string[] => quoteProblems(reply.facts, article.text, this.options);
    const factsOutcome = apiDown
      ? skipped<{ facts: { statement: string; quote: string }[] }>(apiDown)
      : await runStage(this.caller, factsRequest, factsReplySchema, checkQuotes);
    stages.push(this.report(factsRequest, factsOutcome));
    if (!factsOutcome.ok && factsOutcome.apiFailure) apiDown ??= factsOutcome.reason;
    const facts = factsOutcome.ok ? factsOutcome.value.facts.slice(0, this.options.factCount) : extractive.get().facts;
    const verified = verifyFacts(facts, article.text, this.options.verify).facts;

    const toneRequest = buildToneRequest(prepared, niche, settings, summary, verified);
    const toneOutcome = apiDown ? skipped<{ rewritten: string; variants: SummaryResult['variants'] }>(apiDown) : await runStage(this.caller, toneRequest, toneReplySchema);
    stages.push(this.report(toneRequest, toneOutcome));

    const allExtractive = stages.every((s) => s.model === EXTRACTIVE_MODEL);
    return assembleResult({
      article,
      niche,
      summary,
      tone: toneOutcome.ok ? toneOutcome.value.rewritten : summary,
      facts,
      variants: toneOutcome.ok ? toneOutcome.value.variants : extractive.variants(summary, language),
      keywords,
      // `model` names who wrote the summary; the stage reports say who did the rest.
      model: summaryOutcome.ok ? summaryOutcome.model : EXTRACTIVE_MODEL,
      promptVersion: allExtractive ? EXTRACTIVE_VERSION : PIPELINE_PROMPT_VERSION,
      language,
      truncated: prepared.truncated,
      stages: priceStages(stages, this.options.prices, this.options.model),
      ...(this.options.verify ? { verify: this.options.verify } : {}),
    });
  }

  private report(request: StageRequest, outcome: StageOutcome<unknown>): StageReport {
    if (outcome.ok) return { stage: request.stage, model: outcome.model, promptVersion: request.promptVersion, usage: outcome.usage, calls: outcome.calls };
    return {
      stage: request.stage,
      model: EXTRACTIVE_MODEL,
      promptVersion: EXTRACTIVE_VERSION,
      usage: outcome.usage,
      calls: outcome.calls,
      fallbackReason: `${outcome.reason}: ${outcome.detail}`,
    };
  }

  private extractiveOnly(article: ArticleInput, niche: NicheProfile): SummaryResult {
    const result = summarizeExtractively(article, niche, this.options.extractive);
    return { ...result, stages: result.stages.map((s) => ({ ...s, fallbackReason: 'empty-text: the article has no text' })) };
  }
}

function skipped<T>(reason: string): StageOutcome<T> {
  return { ok: false, reason, detail: 'not called: the API failed in an earlier stage', apiFailure: true, usage: { ...ZERO_USAGE }, calls: 0 };
}
