import { EXTRACTIVE_MODEL, EXTRACTIVE_VERSION } from '../../domain/extractive-summarizer';
import { verifyFacts } from '../../domain/fact-verifier';
import { buildCombinedRequest, combinedReplySchema, type CombinedReply, type PreparedArticle, type PromptSettings } from '../../domain/prompts';
import type { ArticleInput, Fact, NicheProfile, StageReport, SummaryResult } from '../../domain/summary.types';
import type { ResilientCaller } from './resilient-caller';
import { LazyExtractive, assembleResult, priceStages } from './result-assembler';
import { runStage } from './stage-runner';
import type { AnthropicSummarizerOptions } from './summarizer-options';

/** Quote problems worth a repair turn: no facts, or a verified share below the configured minimum. */
export function quoteProblems(facts: readonly Fact[], articleText: string, options: Pick<AnthropicSummarizerOptions, 'verify' | 'minFactConfidence'>): string[] {
  if (facts.length === 0) return ['no facts were recorded'];
  const result = verifyFacts(facts, articleText, options.verify);
  if (result.confidence >= options.minFactConfidence) return [];
  const missing = result.facts.filter((f) => !f.verified).slice(0, 3).map((f) => `"${f.quote.slice(0, 80)}"`);
  return [`these quotes do not occur in the article text: ${missing.join(', ')}`];
}

/** Builds the result from one combined reply (online single-call mode and Message Batches). */
export function resultFromCombined(
  reply: CombinedReply | undefined,
  stage: StageReport,
  article: ArticleInput,
  niche: NicheProfile,
  prepared: { truncated: boolean },
  options: AnthropicSummarizerOptions,
): SummaryResult {
  const extractive = new LazyExtractive(article, niche, options.extractive);
  if (!reply) {
    const analysis = extractive.get();
    const language = article.language ?? 'und';
    return assembleResult({
      article,
      niche,
      summary: analysis.summary,
      tone: analysis.summary,
      facts: analysis.facts,
      variants: extractive.variants(analysis.summary, language),
      keywords: analysis.keywords,
      model: EXTRACTIVE_MODEL,
      promptVersion: EXTRACTIVE_VERSION,
      language,
      truncated: prepared.truncated || analysis.truncated,
      stages: [stage],
      ...(options.verify ? { verify: options.verify } : {}),
    });
  }
  return assembleResult({
    article,
    niche,
    summary: reply.summary,
    tone: reply.rewritten,
    facts: reply.facts.slice(0, options.factCount),
    variants: reply.variants,
    keywords: (reply.keywords ?? extractive.get().keywords).slice(0, 8),
    model: stage.model,
    promptVersion: stage.promptVersion,
    language: reply.language.toLowerCase(),
    truncated: prepared.truncated,
    stages: [stage],
    ...(options.verify ? { verify: options.verify } : {}),
  });
}

/** All stages in one call; an unusable reply (after one repair) falls back to extractive as a whole. */
export async function summarizeCombined(
  caller: ResilientCaller,
  options: AnthropicSummarizerOptions,
  article: ArticleInput,
  niche: NicheProfile,
  prepared: PreparedArticle,
  settings: PromptSettings,
): Promise<SummaryResult> {
  const request = buildCombinedRequest(prepared, niche, settings);
  const outcome = await runStage(caller, request, combinedReplySchema, (reply) => quoteProblems(reply.facts, article.text, options));
  const stage: StageReport = outcome.ok
    ? { stage: 'combined', model: outcome.model, promptVersion: request.promptVersion, usage: outcome.usage, calls: outcome.calls }
    : {
        stage: 'combined',
        model: EXTRACTIVE_MODEL,
        promptVersion: EXTRACTIVE_VERSION,
        usage: outcome.usage,
        calls: outcome.calls,
        fallbackReason: `${outcome.reason}: ${outcome.detail}`,
      };
  const [priced] = priceStages([stage], options.prices, options.model);
  return resultFromCombined(outcome.ok ? outcome.value : undefined, priced!, article, niche, prepared, options);
}
