import { PermanentError } from '@pulse/errors';
import { betaMean, betaQuantile, sampleBeta } from './beta-distribution';
import type { Rng } from './rng';

/** The text variants the summary event carries. */
export const VARIANT_KINDS = ['casual', 'formal', 'question', 'statistic'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

export interface Experiment {
  id: string;
  /** Variants in play, in a fixed order (the order breaks ties). */
  variants: readonly string[];
}

/** What is known about one variant: posts given it, and their outcomes so far. */
export interface VariantStats {
  variant: string;
  /** Posts assigned this variant, including those without an outcome yet. */
  assignments: number;
  successes: number;
  failures: number;
}

export interface VariantResult extends VariantStats {
  /** Posterior mean of the success rate, Beta(1 + successes, 1 + failures). */
  mean: number;
  /** Central 95% credible interval of the success rate. */
  credibleInterval: [number, number];
  /** Share of posterior draws in which this variant is the best one. */
  probabilityBest: number;
}

/**
 * Picks the variant for the next post. Without any outcome yet it goes round-robin (the least
 * assigned variant first), so every arm gets data; afterwards Thompson sampling: draw a rate
 * from each variant's Beta posterior and take the highest. `available` limits the choice to
 * the variants this article actually has.
 */
export function assignVariant(experiment: Experiment, stats: readonly VariantStats[], rng: Rng, available?: readonly string[]): string {
  const candidates = experiment.variants.filter((v) => available === undefined || available.includes(v));
  if (candidates.length === 0) {
    throw new PermanentError(`Experiment ${experiment.id} has no variant this article offers`, { code: 'no-variant' });
  }
  const byVariant = new Map(stats.map((s) => [s.variant, s]));
  const of = (variant: string): VariantStats => byVariant.get(variant) ?? { variant, assignments: 0, successes: 0, failures: 0 };
  const hasOutcomes = candidates.some((v) => of(v).successes + of(v).failures > 0);
  if (!hasOutcomes) {
    return candidates.reduce((best, v) => (of(v).assignments < of(best).assignments ? v : best));
  }
  let best = candidates[0] as string;
  let bestDraw = -1;
  for (const variant of candidates) {
    const s = of(variant);
    const draw = sampleBeta(1 + s.successes, 1 + s.failures, rng);
    if (draw > bestDraw) {
      best = variant;
      bestDraw = draw;
    }
  }
  return best;
}

/** Per-variant posterior summaries for the experiments API. */
export function experimentResults(experiment: Experiment, stats: readonly VariantStats[], rng: Rng, draws = 4000): VariantResult[] {
  const byVariant = new Map(stats.map((s) => [s.variant, s]));
  const rows = experiment.variants.map((variant) => byVariant.get(variant) ?? { variant, assignments: 0, successes: 0, failures: 0 });
  const wins = new Array<number>(rows.length).fill(0);
  for (let i = 0; i < draws; i += 1) {
    let winner = 0;
    let top = -1;
    rows.forEach((row, index) => {
      const draw = sampleBeta(1 + row.successes, 1 + row.failures, rng);
      if (draw > top) {
        top = draw;
        winner = index;
      }
    });
    wins[winner] = (wins[winner] ?? 0) + 1;
  }
  return rows.map((row, index) => {
    const a = 1 + row.successes;
    const b = 1 + row.failures;
    return {
      ...row,
      mean: betaMean(a, b),
      credibleInterval: [betaQuantile(0.025, a, b), betaQuantile(0.975, a, b)],
      probabilityBest: (wins[index] ?? 0) / draws,
    };
  });
}

/** Engagement counts of one post, as adapters report them. */
export interface EngagementMetrics {
  likes: number;
  reposts: number;
  replies: number;
  impressions?: number;
}

/** One post's outcome for the bandit: engaged (at least `threshold` interactions) or not. */
export function engagementOutcome(metrics: EngagementMetrics, threshold = 1): 'success' | 'failure' {
  return metrics.likes + metrics.reposts + metrics.replies >= threshold ? 'success' : 'failure';
}
