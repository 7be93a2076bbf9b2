import { wilsonInterval, type ProportionInterval } from './wilson-interval';

/** Per experiment and variant counts, as the database aggregates them from post outcomes. */
export interface VariantCounts {
  experimentId: string;
  variant: string;
  /** Posts published with this variant. */
  posts: number;
  /** Posts with at least one engagement measurement: the trials. */
  measuredPosts: number;
  /** Measured posts with at least one interaction (see engagement.ts). */
  engagedPosts: number;
  /** Sum of likes + reposts + replies over measured posts. */
  interactions: number;
}

export interface VariantResult {
  variant: string;
  posts: number;
  trials: number;
  successes: number;
  /** successes / trials: the share of measured posts that got any interaction; null without trials. */
  engagementRate: number | null;
  /** Wilson score interval of engagementRate at the requested confidence. */
  interval: ProportionInterval | null;
  /** Mean interactions per measured post. */
  meanInteractions: number | null;
}

export interface ExperimentResult {
  experimentId: string;
  posts: number;
  confidence: number;
  variants: VariantResult[];
  /** The variant whose interval lies entirely above every other variant's; null while they overlap. */
  winner: string | null;
}

/** Groups variant counts into experiments, with rates, Wilson intervals and a winner if one is clear. */
export function shapeExperimentResults(rows: readonly VariantCounts[], confidence = 0.95): ExperimentResult[] {
  const byExperiment = new Map<string, VariantCounts[]>();
  for (const row of rows) {
    const list = byExperiment.get(row.experimentId) ?? [];
    list.push(row);
    byExperiment.set(row.experimentId, list);
  }
  return [...byExperiment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([experimentId, counts]) => {
      const variants = counts
        .map((c) => toVariantResult(c, confidence))
        .sort((a, b) => (b.engagementRate ?? -1) - (a.engagementRate ?? -1) || a.variant.localeCompare(b.variant));
      return {
        experimentId,
        posts: counts.reduce((sum, c) => sum + c.posts, 0),
        confidence,
        variants,
        winner: clearWinner(variants),
      };
    });
}

function toVariantResult(c: VariantCounts, confidence: number): VariantResult {
  return {
    variant: c.variant,
    posts: c.posts,
    trials: c.measuredPosts,
    successes: c.engagedPosts,
    engagementRate: c.measuredPosts === 0 ? null : c.engagedPosts / c.measuredPosts,
    interval: wilsonInterval(c.engagedPosts, c.measuredPosts, confidence),
    meanInteractions: c.measuredPosts === 0 ? null : c.interactions / c.measuredPosts,
  };
}

function clearWinner(variants: readonly VariantResult[]): string | null {
  if (variants.length < 2) return null;
  const [best, ...rest] = variants;
  if (!best?.interval) return null;
  const low = best.interval.low;
  return rest.every((v) => v.interval !== null && v.interval.high < low) ? best.variant : null;
}
