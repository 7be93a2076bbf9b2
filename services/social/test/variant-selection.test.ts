import { betaQuantile, regularizedIncompleteBeta, sampleBeta } from '../src/domain/beta-distribution';
import { seededRandom as seededRng } from '@pulse/testing';
import { VARIANT_KINDS, assignVariant, engagementOutcome, experimentResults, type VariantStats } from '../src/domain/variant-selection';

const experiment = { id: 'exp-1', variants: [...VARIANT_KINDS] };

describe('assignVariant', () => {
  it('goes round-robin while no variant has an outcome', () => {
    const stats: VariantStats[] = [];
    const picks: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const variant = assignVariant(experiment, stats, seededRng(i));
      picks.push(variant);
      const row = stats.find((s) => s.variant === variant);
      if (row === undefined) stats.push({ variant, assignments: 1, successes: 0, failures: 0 });
      else row.assignments += 1;
    }
    expect(picks).toEqual(['casual', 'formal', 'question', 'statistic', 'casual', 'formal', 'question', 'statistic']);
  });

  it('converges on the variant with the best engagement rate (Thompson sampling, seeded)', () => {
    const trueRates: Record<string, number> = { casual: 0.05, formal: 0.04, question: 0.12, statistic: 0.06 };
    const rng = seededRng(7);
    const stats = new Map<string, VariantStats>(VARIANT_KINDS.map((v) => [v, { variant: v, assignments: 0, successes: 0, failures: 0 }]));
    const lastPicks: string[] = [];
    for (let round = 0; round < 3000; round += 1) {
      const variant = assignVariant(experiment, [...stats.values()], rng);
      const row = stats.get(variant) as VariantStats;
      row.assignments += 1;
      if (rng() < (trueRates[variant] ?? 0)) row.successes += 1;
      else row.failures += 1;
      if (round >= 2500) lastPicks.push(variant);
    }
    const shareOfBest = lastPicks.filter((v) => v === 'question').length / lastPicks.length;
    expect(shareOfBest).toBeGreaterThan(0.8);
    expect((stats.get('question') as VariantStats).assignments).toBeGreaterThan(1500);
  });

  it('chooses only among the variants the article offers', () => {
    const stats: VariantStats[] = [{ variant: 'question', assignments: 50, successes: 40, failures: 10 }];
    const rng = seededRng(1);
    for (let i = 0; i < 50; i += 1) expect(assignVariant(experiment, stats, rng, ['casual', 'formal'])).not.toBe('question');
    expect(() => assignVariant(experiment, stats, rng, ['other'])).toThrow(/no variant/);
  });

  it('draws the same sequence for the same seed', () => {
    const stats: VariantStats[] = VARIANT_KINDS.map((v, i) => ({ variant: v, assignments: 10, successes: i, failures: 10 - i }));
    const run = (seed: number): string[] => {
      const rng = seededRng(seed);
      return Array.from({ length: 20 }, () => assignVariant(experiment, stats, rng));
    };
    expect(run(99)).toEqual(run(99));
  });
});

describe('experimentResults', () => {
  it('reports posterior means and 95% credible intervals that contain them and narrow with data', () => {
    const results = experimentResults(
      { id: 'e', variants: ['few', 'many', 'none'] },
      [
        { variant: 'few', assignments: 10, successes: 3, failures: 7 },
        { variant: 'many', assignments: 1000, successes: 300, failures: 700 },
      ],
      seededRng(3),
    );
    const [few, many, none] = results;
    expect(few?.mean).toBeCloseTo(4 / 12, 10);
    expect(many?.mean).toBeCloseTo(301 / 1002, 10);
    expect(none?.mean).toBe(0.5);
    for (const r of results) {
      expect(r.credibleInterval[0]).toBeLessThan(r.mean);
      expect(r.credibleInterval[1]).toBeGreaterThan(r.mean);
    }
    const width = (r: typeof few) => (r?.credibleInterval[1] ?? 0) - (r?.credibleInterval[0] ?? 0);
    expect(width(many)).toBeLessThan(0.06);
    expect(width(few)).toBeGreaterThan(0.4);
    // Uniform prior with no data: the central 95% of Beta(1,1) is [0.025, 0.975].
    expect(none?.credibleInterval[0]).toBeCloseTo(0.025, 6);
    expect(none?.credibleInterval[1]).toBeCloseTo(0.975, 6);
    expect(results.reduce((sum, r) => sum + r.probabilityBest, 0)).toBeCloseTo(1, 10);
  });

  it('calls a post engaged when its interactions reach the threshold', () => {
    expect(engagementOutcome({ likes: 0, reposts: 0, replies: 0, impressions: 100 })).toBe('failure');
    expect(engagementOutcome({ likes: 1, reposts: 0, replies: 0 })).toBe('success');
    expect(engagementOutcome({ likes: 1, reposts: 1, replies: 0 }, 3)).toBe('failure');
  });
});

describe('Beta distribution', () => {
  it('has the closed-form quantiles of Beta(2,1) and Beta(1,2)', () => {
    // CDF of Beta(2,1) is x^2, so its p-quantile is sqrt(p); Beta(1,2) is 1 - sqrt(1 - p).
    for (const p of [0.025, 0.3, 0.5, 0.975]) {
      expect(betaQuantile(p, 2, 1)).toBeCloseTo(Math.sqrt(p), 9);
      expect(betaQuantile(p, 1, 2)).toBeCloseTo(1 - Math.sqrt(1 - p), 9);
    }
    expect(regularizedIncompleteBeta(0.5, 30, 30)).toBeCloseTo(0.5, 12);
  });

  it('samples with the right mean and variance', () => {
    const rng = seededRng(11);
    const draws = Array.from({ length: 20000 }, () => sampleBeta(3, 7, rng));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(mean).toBeCloseTo(0.3, 2);
    expect(variance).toBeCloseTo((3 * 7) / (100 * 11), 3);
    const small = Array.from({ length: 20000 }, () => sampleBeta(0.5, 0.5, rng));
    expect(small.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(small.reduce((a, b) => a + b, 0) / small.length).toBeCloseTo(0.5, 1);
  });
});
