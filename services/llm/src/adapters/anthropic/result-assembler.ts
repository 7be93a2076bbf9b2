import { costOfUsage, priceFor, roundUsd, type PriceTable } from '../../domain/cost-calculator';
import { analyzeArticle, type ExtractiveAnalysis, type ExtractiveOptions } from '../../domain/extractive-summarizer';
import { verifyFacts, type VerifyOptions } from '../../domain/fact-verifier';
import { ZERO_USAGE, addUsage, type ArticleInput, type Fact, type NicheProfile, type StageReport, type SummaryResult, type PostVariants } from '../../domain/summary.types';
import { templateVariants } from '../../domain/variant-templates';

/** Extractive analysis computed at most once per article, only when some stage needs it. */
export class LazyExtractive {
  private analysis: ExtractiveAnalysis | undefined;

  constructor(
    private readonly article: ArticleInput,
    private readonly niche: NicheProfile,
    private readonly options: ExtractiveOptions = {},
  ) {}

  get(): ExtractiveAnalysis {
    this.analysis ??= analyzeArticle(this.article.title, this.article.text, this.niche.summaryWords, this.options);
    return this.analysis;
  }

  variants(summary: string, language: string): PostVariants {
    const analysis = this.get();
    return templateVariants({ title: this.article.title, niche: this.niche.name, summary, lead: analysis.lead, statistic: analysis.statistic, language });
  }
}

export interface AssembleInput {
  article: ArticleInput;
  niche: NicheProfile;
  summary: string;
  tone: string;
  facts: readonly Fact[];
  variants: PostVariants;
  keywords: string[];
  model: string;
  promptVersion: string;
  language: string;
  truncated: boolean;
  stages: StageReport[];
  verify?: VerifyOptions;
}

/** Prices each stage (when a table is given) and sums usage and cost over the stages. */
export function priceStages(stages: StageReport[], prices: PriceTable | undefined, pricedModel: string, batch = false): StageReport[] {
  if (!prices) return stages;
  const price = priceFor(prices, pricedModel);
  return stages.map((stage) => ({ ...stage, costUsd: stage.calls === 0 ? 0 : costOfUsage(stage.usage, price, { batch }) }));
}

/** The final result: facts verified against the full article text, totals summed over stages. */
export function assembleResult(input: AssembleInput): SummaryResult {
  const { facts, confidence } = verifyFacts(input.facts, input.article.text, input.verify);
  const usage = input.stages.reduce((total, stage) => addUsage(total, stage.usage), { ...ZERO_USAGE });
  const priced = input.stages.every((stage) => stage.costUsd !== undefined);
  return {
    articleId: input.article.id,
    niche: input.niche.name,
    summary: input.summary,
    tone: input.tone,
    facts,
    confidence,
    variants: input.variants,
    keywords: input.keywords,
    model: input.model,
    promptVersion: input.promptVersion,
    language: input.language,
    truncated: input.truncated,
    usage,
    ...(priced ? { costUsd: roundUsd(input.stages.reduce((sum, stage) => sum + (stage.costUsd ?? 0), 0)) } : {}),
    stages: input.stages,
  };
}
