/**
 * Dates as feeds really write them: RFC 822 (RSS), ISO 8601 (Atom, dc:date, JSON Feed), and the
 * usual damage: zone abbreviations V8 does not know, "Sept", zone-less times (read as UTC, never
 * as the server's local time, so results do not depend on TZ), wrong weekdays, ISO with a space.
 */

// V8 knows UT/UTC/GMT/Z and the US zones; these are the others seen in real feeds.
const ZONES: Record<string, string> = {
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', BST: '+0100', IST: '+0530', WET: '+0000', WEST: '+0100',
  EET: '+0200', EEST: '+0300', MSK: '+0300', JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800', AWST: '+0800',
  ACST: '+0930', AEST: '+1000', AEDT: '+1100', NZST: '+1200', NZDT: '+1300', HST: '-1000', AKST: '-0900', AKDT: '-0800',
  AST: '-0400', ADT: '-0300', NST: '-0330', NDT: '-0230', BRT: '-0300', ART: '-0300',
};

const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})(?:[T\s]+(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const HAS_ZONE = /(?:\b(?:UTC?|GMT|Z)(?:[+-]\d{1,4})?|[+-]\d{2}:?\d{2}|\b[A-Z]{3,4})$/;
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function parseIsoLike(value: string): number | undefined {
  const match = ISO_LIKE.exec(value);
  if (!match) return undefined;
  const [, date, time, zone] = match;
  if (!time) return Date.parse(`${date}T00:00:00Z`);
  const paddedTime = time.replace(',', '.').replace(/^(\d):/, '0$1:');
  let offset = zone?.toUpperCase() ?? 'Z';
  if (/^[+-]\d{2}$/.test(offset)) offset += ':00';
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return Date.parse(`${date}T${paddedTime}${offset}`);
}

function parseRfc822Like(value: string): number {
  let text = value
    .replace(/^[A-Za-z]+\.?,?\s+(?=\d)/, '') // weekday: often wrong or localized, never needed
    .replace(/\bSept\b/i, 'Sep');
  const zone = /\b([A-Z]{3,4})$/.exec(text)?.[1];
  const mapped = zone === undefined ? undefined : ZONES[zone];
  if (mapped !== undefined) text = `${text.slice(0, -zone!.length)}${mapped}`;
  if (!HAS_ZONE.test(text)) text += ' GMT';
  return Date.parse(text);
}

/** Parses a feed date; undefined when it is missing, unparseable or implausible. */
export function parseFeedDate(raw: string | undefined | null): Date | undefined {
  if (raw === undefined || raw === null) return undefined;
  const value = String(raw).trim().replace(/\s+/g, ' ');
  if (value === '') return undefined;
  const ms = parseIsoLike(value) ?? parseRfc822Like(value);
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date : undefined;
}

export interface ResolvedPublishedAt {
  publishedAt: Date;
  /** Where the time came from: the feed, or the moment we first saw the item. */
  from: 'feed' | 'first-seen';
}

/**
 * The time an article counts as published. Missing dates fall back to first seen; so do dates
 * in the future beyond a small clock skew, because a future date would pin an item to the top
 * of every freshness ranking.
 */
export function resolvePublishedAt(
  publishedAt: Date | undefined,
  firstSeenAt: Date,
  maxFutureSkewMs = 15 * 60_000,
): ResolvedPublishedAt {
  if (publishedAt === undefined || publishedAt.getTime() > firstSeenAt.getTime() + maxFutureSkewMs) {
    return { publishedAt: firstSeenAt, from: 'first-seen' };
  }
  return { publishedAt, from: 'feed' };
}
