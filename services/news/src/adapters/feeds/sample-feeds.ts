/**
 * The sample feeds (services/news/sample-feeds) with their fixed 2025 dates moved so that the
 * newest entry is `now` and the rest keep their spacing: for the local run, where the freshness
 * score and the clustering window expect current news.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

export const SAMPLE_FEEDS_DIR = resolve(__dirname, '../../../sample-feeds');

const CONTENT_TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

export interface SampleFeed {
  /** Path to serve it under, e.g. "/tech-northwind.rss". */
  path: string;
  body: string;
  contentType: string;
  /** Changes with `now`, so a conditional GET sees the refreshed feed as new. */
  etag: string;
}

// RFC 822 as the samples write it ("Fri, 06 Jun 2025 18:00:00 +0000") and ISO 8601 with a zone.
const RFC822 = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}\b/g;
const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

function datesIn(text: string): number[] {
  return [...(text.match(RFC822) ?? []), ...(text.match(ISO) ?? [])].map((d) => Date.parse(d)).filter(Number.isFinite);
}

/** Rewrites every date in `text` by `offsetMs`, keeping each one's format. */
export function shiftFeedDates(text: string, offsetMs: number): string {
  return text
    .replace(RFC822, (d) => new Date(Date.parse(d) + offsetMs).toUTCString().replace('GMT', '+0000'))
    .replace(ISO, (d) => new Date(Date.parse(d) + offsetMs).toISOString().replace(/\.000Z$/, 'Z'));
}

/** Every sample feed with dates shifted so the newest of all is `now` (minus `leadMs`). */
export async function sampleFeedsWithFreshDates(now: Date = new Date(), directory = SAMPLE_FEEDS_DIR, leadMs = 5 * 60_000): Promise<SampleFeed[]> {
  const names = (await readdir(directory)).filter((name) => CONTENT_TYPES[extname(name).toLowerCase()] !== undefined).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(directory, name), 'utf8')));
  const newest = Math.max(...texts.flatMap(datesIn));
  const offset = Number.isFinite(newest) ? now.getTime() - leadMs - newest : 0;
  return names.map((name, i) => ({
    path: `/${name}`,
    body: shiftFeedDates(texts[i]!, offset),
    contentType: CONTENT_TYPES[extname(name).toLowerCase()]!,
    etag: `"${name}-${now.getTime().toString(36)}"`,
  }));
}
