/**
 * Monthly range partitions of the articles table (on published_at), as names and bounds: pure,
 * so the migration, the maintenance job and the tests agree on them. Months are UTC months.
 */

export interface MonthPartition {
  /** `articles_y2026m11`: sorts by month and fits PostgreSQL's 63-character names. */
  name: string;
  /** Inclusive lower bound: the first instant of the month (UTC). */
  from: Date;
  /** Exclusive upper bound: the first instant of the next month. */
  to: Date;
}

/** The catch-all partition: rows of months without their own partition, so no insert ever fails. */
export const DEFAULT_ARTICLE_PARTITION = 'articles_default';

/** The first instant of `date`'s UTC month, moved by `offset` months. */
export function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

/** The partition holding articles published in `date`'s UTC month. */
export function monthPartition(date: Date): MonthPartition {
  const from = monthStart(date);
  const month = String(from.getUTCMonth() + 1).padStart(2, '0');
  return { name: `articles_y${from.getUTCFullYear()}m${month}`, from, to: monthStart(from, 1) };
}

/** The partitions from `now`'s month through `monthsAhead` months after it (the ones to create ahead). */
export function partitionsAhead(now: Date, monthsAhead: number): MonthPartition[] {
  return Array.from({ length: monthsAhead + 1 }, (_, i) => monthPartition(monthStart(now, i)));
}
