import { assertTimeZone, pickBestHours, type BestPostingHour } from '../../domain/best-posting-hour';
import { interactionsSql } from '../../domain/engagement';
import { num, rows, type Queryable } from './queryable';

export interface BestHourRequest {
  /** IANA time zone the hours are counted in (default UTC). */
  timeZone?: string;
  /** Measured posts an hour needs before it can win (default 5). */
  minSamples?: number;
  niche?: string;
  /** Limit the history to posts published in [from, to). */
  from?: Date;
  to?: Date;
}

/** Each niche's hour of day with the highest mean interactions per measured post. */
export async function queryBestPostingHours(
  db: Queryable,
  postOutcomes: string,
  tenantId: string,
  request: BestHourRequest = {},
): Promise<BestPostingHour[]> {
  const timeZone = request.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const found = await rows<Record<'niche' | 'hour' | 'samples' | 'mean', string | number>>(
    db,
    `SELECT niche, extract(hour FROM published_at AT TIME ZONE $2)::int AS hour,
            count(*) AS samples, avg(${interactionsSql('o')}) AS mean
     FROM ${postOutcomes} o
     WHERE tenant_id = $1 AND published_at IS NOT NULL AND measured_at IS NOT NULL
       AND ($3::text IS NULL OR niche = $3)
       AND ($4::timestamptz IS NULL OR published_at >= $4)
       AND ($5::timestamptz IS NULL OR published_at < $5)
     GROUP BY 1, 2`,
    [tenantId, timeZone, request.niche ?? null, request.from ?? null, request.to ?? null],
  );
  const stats = found.map((r) => ({ niche: String(r.niche), hour: num(r.hour), samples: num(r.samples), meanInteractions: num(r.mean) }));
  return pickBestHours(stats, timeZone, request.minSamples ?? 5);
}
