import { ValidationError } from '@pulse/errors';

/** Mean interactions of measured posts published in one hour of the day, per niche. */
export interface HourStat {
  niche: string;
  /** 0..23 in the requested time zone. */
  hour: number;
  samples: number;
  meanInteractions: number;
}

export interface BestPostingHour {
  niche: string;
  timeZone: string;
  /** The hour with the highest mean among hours with at least `minSamples` posts; null if none qualifies. */
  bestHour: number | null;
  meanInteractions: number | null;
  samples: number;
  /** Every hour that had posts, by hour. */
  hours: Array<Omit<HourStat, 'niche'>>;
}

/** Throws a ValidationError unless `timeZone` is an IANA zone name this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ValidationError('Unknown time zone', [`timeZone ${JSON.stringify(timeZone)} is not an IANA time zone`]);
  }
}

/**
 * Picks each niche's best posting hour. Hours with fewer than `minSamples` measured posts are
 * listed but never win (a single viral post says little); ties go to the larger sample, then
 * the earlier hour, so the answer is stable.
 */
export function pickBestHours(stats: readonly HourStat[], timeZone: string, minSamples: number): BestPostingHour[] {
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new ValidationError('Invalid minimum sample', [`minSamples must be a positive integer, got ${minSamples}`]);
  }
  const byNiche = new Map<string, HourStat[]>();
  for (const stat of stats) byNiche.set(stat.niche, [...(byNiche.get(stat.niche) ?? []), stat]);
  return [...byNiche.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([niche, hours]) => {
      const sorted = [...hours].sort((a, b) => a.hour - b.hour);
      const best = sorted
        .filter((h) => h.samples >= minSamples)
        .reduce<HourStat | null>((acc, h) => (acc === null || better(h, acc) ? h : acc), null);
      return {
        niche,
        timeZone,
        bestHour: best?.hour ?? null,
        meanInteractions: best?.meanInteractions ?? null,
        samples: best?.samples ?? 0,
        hours: sorted.map(({ hour, samples, meanInteractions }) => ({ hour, samples, meanInteractions })),
      };
    });
}

function better(candidate: HourStat, current: HourStat): boolean {
  if (candidate.meanInteractions !== current.meanInteractions) return candidate.meanInteractions > current.meanInteractions;
  if (candidate.samples !== current.samples) return candidate.samples > current.samples;
  return candidate.hour < current.hour;
}
