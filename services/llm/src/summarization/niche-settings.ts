import type { LlmConfig } from '../config';
import type { NicheSelection, SelectionConfig } from '../domain/selection-policy';
import type { NicheProfile } from '../domain/summary.types';

/** Per-niche selection rules and writing profiles from config (LLM_NICHES over LLM_NICHE_DEFAULTS). */
export class NicheSettings {
  readonly selection: SelectionConfig;

  constructor(private readonly config: Pick<LlmConfig, 'LLM_NICHES' | 'LLM_NICHE_DEFAULTS' | 'ANTHROPIC_API_KEY'>) {
    const niches: Record<string, NicheSelection> = {};
    const defaults = config.LLM_NICHE_DEFAULTS;
    for (const [name, own] of Object.entries(config.LLM_NICHES)) {
      niches[name] = selectionOf({
        scoreThreshold: own.scoreThreshold ?? defaults.scoreThreshold,
        dailyTokenBudget: own.dailyTokenBudget ?? defaults.dailyTokenBudget,
        dailyCostBudgetUsd: own.dailyCostBudgetUsd ?? defaults.dailyCostBudgetUsd,
      });
    }
    this.selection = { niches, defaults: selectionOf(config.LLM_NICHE_DEFAULTS), apiAvailable: Boolean(config.ANTHROPIC_API_KEY) };
  }

  /** How summaries for `niche` are written; unknown niches get the defaults and a generic audience. */
  profileOf(niche: string): NicheProfile {
    const own = this.config.LLM_NICHES[niche] ?? {};
    const defaults = this.config.LLM_NICHE_DEFAULTS;
    return {
      name: niche,
      audience: own.audience ?? defaults.audience ?? `readers interested in ${niche}`,
      summaryWords: own.summaryWords ?? defaults.summaryWords,
    };
  }
}

function selectionOf(settings: { scoreThreshold: number; dailyTokenBudget?: number | undefined; dailyCostBudgetUsd?: number | undefined }): NicheSelection {
  return {
    scoreThreshold: settings.scoreThreshold,
    ...(settings.dailyTokenBudget === undefined ? {} : { dailyTokenBudget: settings.dailyTokenBudget }),
    ...(settings.dailyCostBudgetUsd === undefined ? {} : { dailyCostBudgetUsd: settings.dailyCostBudgetUsd }),
  };
}
